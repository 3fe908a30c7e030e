"""The facts check a penalised English summary must pass (core/tasks/summary_facts.py): the damage the copy penalty
did to the built-in model's summaries in bench/summary_quality.py is caught, a faithful rewording passes."""

from __future__ import annotations

from desktop_app.core.tasks.summary_facts import facts_kept, invented, misplaced_numbers

BRIDGE = ("The Riverton city council voted 7 to 2 on Tuesday night to close the Old Mill Bridge to cars from March, "
          "after engineers found that two of its four steel supports had lost almost a third of their thickness to "
          "rust. The bridge, built in 1931, carries about 11,000 vehicles a day.")
VACCINE = ("Health officials reported on Monday that a new vaccination campaign had reached 82 percent of children "
           "under five in its first six weeks, well above the 60 percent target.")


def test_a_faithful_rewording_passes():
    assert facts_kept("Rust has eaten two of the Old Mill Bridge's four supports, so Riverton's council voted 7 to 2 "
                      "to shut it to cars in March.", BRIDGE)
    assert facts_kept("In six weeks, 82% of young children were vaccinated, beyond the 60 percent goal.", VACCINE)
    assert facts_kept("About 11,000 vehicles a day use the bridge, built in 1931.", BRIDGE)  # thousands separators
    assert facts_kept("Built in 1931, the bridge takes 11,000 vehicles daily.", BRIDGE)  # "in 1931" then a comma


def test_a_number_with_another_unit_or_role_is_a_changed_fact():
    """What the penalty made the model write: "six months", "a quarter", "after 7 votes", "82% of five children"."""
    assert misplaced_numbers("It reached 82% of children in six months.", VACCINE) == ["in six months"]
    assert misplaced_numbers("It reached 82% of children in their first six months.", VACCINE) == [
        "first six months"]  # "first" stands before it in the source too, but the unit is what counts
    assert misplaced_numbers("The engineers said it lost about a quarter of its steel.", BRIDGE) == ["a quarter of"]
    assert not facts_kept("The council closed the bridge after 7 votes, with 2 steel spans lost.", BRIDGE)
    assert not facts_kept("The campaign reached 82% of five children.", VACCINE)


def test_invented_numbers_and_names_fail():
    assert invented("Summary of Year: 2023. The Riverton council met in Springfield on Tuesday.", BRIDGE) == [
        "2023", "Year", "Springfield"]
    assert not facts_kept("The Riverton council met in Springfield on Tuesday.", BRIDGE)
    assert invented("1. The council voted.\n2. The bridge closes.", BRIDGE) == []  # list numbers are no facts


def test_a_summary_without_any_of_the_facts_fails_unless_the_source_has_none():
    assert not facts_kept("A bridge is crucial for ensuring safety and traffic.", BRIDGE)
    assert facts_kept("Testing a backup matters more than making one.", "A backup you never restored is a hope.")
