//! The local decisions on their own: one glossary of our own, one sentence
//! per rule, the verdict on the first candidate of the phrase.

use super::*;
use crate::recognize::scan::SliceScan;

const GLOSSARY: &str = r#"
[[entry]]
id = "mexico"
label = "Mexico"
kind = "place"
exact_case = true

[[entry]]
id = "jordan"
label = "Jordan"
kind = "place"
exact_case = true

[[entry]]
id = "chile"
label = "Chile"
kind = "place"
exact_case = true

[[entry]]
id = "china"
label = "China"
kind = "place"
exact_case = true

[[entry]]
id = "un"
label = "United Nations"
kind = "organization"
acronyms = ["UN"]

[[entry]]
id = "unsc"
label = "UN Security Council"
aliases = ["Security Council"]
kind = "organization"
broader = ["un"]

[[entry]]
id = "who"
label = "World Health Organization"
kind = "organization"
acronyms = ["WHO"]

[[entry]]
id = "energy-security"
label = "energy security"
kind = "concept"

[[entry]]
id = "xi"
label = "Xi Jinping"
kind = "person"
aliases = ["President Xi"]

[[entry]]
id = "fsb"
label = "Financial Stability Board"
kind = "organization"
acronyms = ["FSB"]
other_meanings = [{ meaning = "Federal Security Service of Russia", cues = ["Russia", "Kremlin"] }]

[[entry]]
id = "georgia"
label = "Georgia"
kind = "place"
exact_case = true
not_in = ["Atlanta, Georgia"]

[[entry]]
id = "multilateralism"
label = "multilateralism"
kind = "concept"
"#;

/// The verdict on the `occurrence`-th match of `phrase` in `text`.
fn verdict_at(text: &str, phrase: &str, occurrence: usize) -> Option<SetAsideBecause> {
    let matcher = Matcher::from_toml(GLOSSARY, false).expect("the test glossary");
    let at = text
        .match_indices(phrase)
        .nth(occurrence)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{phrase:?} in {text:?}"));
    let scan = SliceScan::new(text, 0, &[]);
    let all = scan.all_candidates(&matcher);
    let candidate = all
        .iter()
        .find(|c| c.start == at)
        .unwrap_or_else(|| panic!("no candidate at {phrase:?} in {text:?}"));
    in_context(text, candidate, &all, &matcher)
}

fn verdict(text: &str, phrase: &str) -> Option<SetAsideBecause> {
    verdict_at(text, phrase, 0)
}

fn is_longer_name(v: Option<SetAsideBecause>) -> bool {
    matches!(v, Some(SetAsideBecause::LongerName { .. }))
}

#[test]
fn plain_mentions_are_linked() {
    for (text, phrase) in [
        ("Trade between Mexico and Chile grew.", "Mexico"),
        ("Jordan and Chile mediated.", "Jordan"),
        ("China's Foreign Ministry welcomed it.", "China"),
        ("The Security Council will vote.", "Security Council"),
        ("President of Mexico Claudia Sheinbaum spoke.", "Mexico"),
        ("Yesterday Mexico closed the border.", "Mexico"),
        ("In March Jordan signed.", "Jordan"),
        ("Sino-Mexico ties, China-Chile trade.", "Chile"),
        ("The Government of Chile objected.", "Chile"),
        ("The WHO declared an emergency.", "WHO"),
        ("We value multilateralism.", "multilateralism"),
        ("Talks with Communist China resumed.", "China"),
        ("It began, \"Dear Chile, we thank you.\"", "Chile"),
    ] {
        assert_eq!(verdict(text, phrase), None, "{phrase:?} in {text:?}");
    }
}

#[test]
fn capitalised_neighbours_make_longer_names() {
    for (text, phrase, name) in [
        (
            "Water rights in New Mexico remain contested.",
            "Mexico",
            "New Mexico",
        ),
        ("Mexico City hosted it.", "Mexico", "Mexico City"),
        ("Jordan Peterson spoke.", "Jordan", "Jordan Peterson"),
        (
            "The WHO rose. Jordan Peterson spoke. The FSB met.",
            "Jordan",
            "Jordan Peterson",
        ),
        (
            "He studied at the University of Chile then.",
            "Chile",
            "University of Chile",
        ),
        (
            "Ships in the Gulf of Mexico waited.",
            "Mexico",
            "Gulf of Mexico",
        ),
        ("Professor Chile Walton chaired.", "Chile", "Chile Walton"),
        (
            "The delegation met the Security Council of Armenia today.",
            "Security Council",
            "Security Council of Armenia",
        ),
    ] {
        let v = verdict(text, phrase);
        assert!(is_longer_name(v), "{phrase:?} in {text:?}: {v:?}");
        let at = text.find(phrase).expect("phrase");
        let glossary = Matcher::from_toml(GLOSSARY, false).expect("glossary");
        let described =
            v.expect("set aside")
                .describe(text, at..at + phrase.len(), glossary.glossary());
        assert_eq!(described, format!("part of a longer name, “{name}”"));
    }
}

#[test]
fn known_forms_and_parents_keep_the_link() {
    // "President Xi" + "Jinping": "Xi Jinping" is a label of the same entry.
    assert_eq!(
        verdict("Then President Xi Jinping spoke.", "President Xi"),
        None
    );
    // "… of the United Nations": the entry's own parent.
    assert_eq!(
        verdict(
            "A session of the Security Council of the United Nations opened.",
            "Security Council"
        ),
        None
    );
}

#[test]
fn headlines_and_capital_lines_carry_no_case_evidence() {
    assert_eq!(
        verdict("Mexico Signs Trade Deal With Chile", "Mexico"),
        None
    );
    // A heading glued to the next sentence, as copied from web pages.
    assert_eq!(
        verdict(
            "Mexico-Chile RelationsIn the new century, trade grew.",
            "Chile"
        ),
        None
    );
}

#[test]
fn acronyms_in_runs_of_capitals_are_set_aside() {
    assert_eq!(
        verdict("WHO WE SERVE\n\nWe serve everyone.", "WHO"),
        Some(SetAsideBecause::Capitals)
    );
    // A run that is itself a label is linked.
    assert_eq!(verdict("ENERGY SECURITY\n\nText.", "ENERGY SECURITY"), None);
    // Two acronyms side by side are two names.
    assert_eq!(verdict("The UN WHO office.", "WHO"), None);
}

#[test]
fn glossary_not_in_and_other_meanings() {
    assert!(matches!(
        verdict("They flew to Atlanta, Georgia, on Monday.", "Georgia"),
        Some(SetAsideBecause::ListedLongerName { index: 0, .. })
    ));
    assert!(matches!(
        verdict("Russia's FSB detained him.", "FSB"),
        Some(SetAsideBecause::OtherMeaning { index: 0, .. })
    ));
    // The cue in another sentence does not decide locally.
    assert_eq!(
        verdict("Russia objected. The FSB report is out.", "FSB"),
        None
    );
    // The entry named otherwise in the same sentence wins over the cue.
    assert_eq!(
        verdict(
            "Russia joined the Financial Stability Board and the FSB plenary.",
            "FSB"
        ),
        None
    );
}

#[test]
fn verdicts_read_only_their_reach() {
    // Text beyond CONTEXT_REACH does not change a verdict.
    let far = "x ".repeat(CONTEXT_REACH);
    let text = format!("New {far}Mexico");
    assert_eq!(verdict(&text, "Mexico"), None);
    let text = format!("New Mexico {far}");
    assert!(is_longer_name(verdict(&text, "Mexico")));
}

#[test]
fn sentences_end_at_wide_stops_too() {
    // A cue check reads the sentence; a full-width stop before it is 3 bytes.
    assert_eq!(verdict("你好。 Georgia 是国家。", "Georgia"), None);
    assert_eq!(verdict("你好。 FSB 是机构；Russia 在此。", "FSB"), None);
    assert!(matches!(
        verdict("你好。 Russia's FSB 在此！", "FSB"),
        Some(SetAsideBecause::OtherMeaning { .. })
    ));
}
