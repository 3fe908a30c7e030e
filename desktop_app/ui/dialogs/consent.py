"""The one question the app asks before a model may use a risky permission (its own code, pickle weights).

Asked by the workers' ModelSession through the callback a view gives it, whichever view started the load (a task
tab, the Chat tab, the Models page); the default answer is No, and a yes holds for that model only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

CONSENT_QUESTIONS = {
    "trust_remote_code": QT_TRANSLATE_NOOP(
        "ConsentDialog",
        "This model comes with its own Python code, which would run on your computer with your permissions. "
        "It could read or delete your files. Allow it only if you trust who published this model.",
    ),
    "allow_pickle": QT_TRANSLATE_NOOP(
        "ConsentDialog",
        "This model's weights are in the pickle format, which can hide code that runs when the file is read. "
        "The app reads them in a restricted mode, but allow it only if you trust where the file came from.",
    ),
}


def ask_consent(parent: QWidget | None, model_name: str, consent: str) -> bool:
    """A per-model consent that names the risk and the model; True only when the user says Yes."""
    question = QCoreApplication.translate("ConsentDialog", CONSENT_QUESTIONS.get(consent, consent))
    answer = QMessageBox.warning(
        parent,
        QCoreApplication.translate("ConsentDialog", "Allow {name}?").format(name=model_name),
        question + "\n\n"
        + QCoreApplication.translate("ConsentDialog", "Allow it for {name} only?").format(name=model_name),
        QMessageBox.Yes | QMessageBox.No,
        QMessageBox.No,
    )
    return answer == QMessageBox.Yes
