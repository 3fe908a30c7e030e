"""English plural forms for the interface (the source text is English already): source → (singular, plural).

Only messages written with Qt's plural forms (`tr("%n round(s)", "", n)`) need an entry; read by
scripts/update_translations.py into resources/translations/desktop_app_en.ts.
"""

TRANSLATIONS: dict[str, tuple[str, str]] = {
    "%n paragraph(s)": ("%n paragraph", "%n paragraphs"),
    "%n chunk(s)": ("%n chunk", "%n chunks"),
    "%n round(s)": ("%n round", "%n rounds"),
    "%n thread(s)": ("%n thread", "%n threads"),
    "Checkpoint(s) at step(s) {steps}": ("Checkpoint at step {steps}", "Checkpoints at steps {steps}"),
}
