//! Russian matching, one table row per form: labels match their case forms
//! (nouns and adjectives, singular and plural), ё and е are one letter, a
//! match covers the whole inflected word, and Latin or mixed-script text
//! matches as before. Against a small glossary of its own, and against the
//! embedded default glossary for the sentences of issue 10.

use gloss::index::document::{Document, Language};
use gloss::recognize::matcher::Matcher;

mod support;
use support::glossary::matcher_of;

const GLOSSARY: &str = r#"
[[entry]]
id = "soft-power"
label = "soft power"
kind = "concept"
labels = { ru = "мягкая сила" }

[[entry]]
id = "international-law"
label = "international law"
kind = "concept"
labels = { ru = "международное право" }

[[entry]]
id = "eu"
label = "European Union"
kind = "organization"
labels = { ru = "Европейский союз" }

[[entry]]
id = "silk-road-economic-belt"
label = "Silk Road Economic Belt"
kind = "concept"
labels = { ru = "Экономический пояс Шёлкового пути" }

[[entry]]
id = "un"
label = "United Nations"
kind = "organization"
labels = { ru = "Организация Объединенных Наций" }

[[entry]]
id = "nato"
label = "North Atlantic Treaty Organization"
kind = "organization"
acronyms = ["NATO"]
labels = { ru = "НАТО" }

[[entry]]
id = "russia"
label = "Russia"
kind = "place"
exact_case = true
labels = { ru = "Россия" }

[[entry]]
id = "asia"
label = "Asia"
kind = "place"
labels = { ru = "Азия" }

[[entry]]
id = "global-south"
label = "Global South"
kind = "concept"
labels = { ru = "Глобальный Юг" }

[[entry]]
id = "brics"
label = "BRICS"
kind = "organization"
"#;

/// "matched text=entry id" for every mention of `text`.
fn mentions(m: &Matcher, text: &str) -> Vec<String> {
    let doc = Document::new(text, 0, Language::Plain, m);
    doc.index
        .mentions
        .iter()
        .map(|s| {
            let entry = m.surface(*s.data).entries[0].0;
            format!(
                "{}={}",
                &text[s.start..s.end],
                m.glossary().entry(entry).def.id
            )
        })
        .collect()
}

fn check_table(m: &Matcher, cases: &[(&str, &str, &[&str])]) {
    let mut failures = Vec::new();
    for (rule, text, want) in cases {
        let got = mentions(m, text);
        if got != *want {
            failures.push(format!("{rule}: {text:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn case_forms_of_nouns_and_adjectives() {
    let m = matcher_of("ru.toml", GLOSSARY);
    check_table(
        &m,
        &[
            // мягкая сила: feminine adjective and noun, six cases and plurals.
            (
                "nominative",
                "Мягкая сила Китая растёт.",
                &["Мягкая сила=soft-power"],
            ),
            (
                "genitive",
                "О роли мягкой силы.",
                &["мягкой силы=soft-power"],
            ),
            (
                "dative",
                "Уделяют внимание мягкой силе.",
                &["мягкой силе=soft-power"],
            ),
            (
                "accusative",
                "Они ценят мягкую силу.",
                &["мягкую силу=soft-power"],
            ),
            (
                "instrumental",
                "Действуя мягкой силой, страны…",
                &["мягкой силой=soft-power"],
            ),
            (
                "prepositional",
                "Доклад о мягкой силе.",
                &["мягкой силе=soft-power"],
            ),
            (
                "plural nominative",
                "Мягкие силы соперничают.",
                &["Мягкие силы=soft-power"],
            ),
            (
                "plural genitive",
                "Соперничество мягких сил.",
                &["мягких сил=soft-power"],
            ),
            (
                "plural instrumental",
                "Между мягкими силами.",
                &["мягкими силами=soft-power"],
            ),
            (
                "plural prepositional",
                "О мягких силах.",
                &["мягких силах=soft-power"],
            ),
            // международное право: neuter.
            (
                "nominative",
                "Международное право едино.",
                &["Международное право=international-law"],
            ),
            (
                "genitive",
                "Нарушение международного права.",
                &["международного права=international-law"],
            ),
            (
                "dative",
                "Согласно международному праву.",
                &["международному праву=international-law"],
            ),
            (
                "accusative",
                "Они уважают международное право.",
                &["международное право=international-law"],
            ),
            (
                "instrumental",
                "Регулируется международным правом.",
                &["международным правом=international-law"],
            ),
            (
                "prepositional",
                "Речь о международном праве.",
                &["международном праве=international-law"],
            ),
            // Европейский союз: masculine.
            (
                "nominative",
                "Европейский союз ответил.",
                &["Европейский союз=eu"],
            ),
            (
                "genitive",
                "Позиция Европейского союза.",
                &["Европейского союза=eu"],
            ),
            (
                "dative",
                "Письмо Европейскому союзу.",
                &["Европейскому союзу=eu"],
            ),
            (
                "accusative",
                "Они критикуют Европейский союз.",
                &["Европейский союз=eu"],
            ),
            (
                "instrumental",
                "Переговоры с Европейским союзом.",
                &["Европейским союзом=eu"],
            ),
            (
                "prepositional",
                "Речь о Европейском союзе.",
                &["Европейском союзе=eu"],
            ),
            // A one-word label with a short stem, and a two-letter word.
            (
                "short stem",
                "В Азии, об Азии, с Азией.",
                &["Азии=asia", "Азии=asia", "Азией=asia"],
            ),
            (
                "three letters at least",
                "Полк «Азов» и азы дипломатии.",
                &[],
            ),
            (
                "two-letter word",
                "Страны Глобального Юга и Глобальный Юг.",
                &["Глобального Юга=global-south", "Глобальный Юг=global-south"],
            ),
        ],
    );
}

#[test]
fn yo_and_ye_are_one_letter() {
    let m = matcher_of("ru.toml", GLOSSARY);
    check_table(
        &m,
        &[
            (
                "label with ё, text with е",
                "Проект «Экономический пояс Шелкового пути».",
                &["Экономический пояс Шелкового пути=silk-road-economic-belt"],
            ),
            (
                "label with ё, text with ё, another case",
                "Вклад в Экономический пояс Шёлкового пути и к Экономическому поясу Шёлкового пути.",
                &[
                    "Экономический пояс Шёлкового пути=silk-road-economic-belt",
                    "Экономическому поясу Шёлкового пути=silk-road-economic-belt",
                ],
            ),
            (
                "label with е, text with ё",
                "Устав Организации Объединённых Наций.",
                &["Организации Объединённых Наций=un"],
            ),
            (
                "capital Ё",
                "ОРГАНИЗАЦИЯ ОБЪЕДИНЁННЫХ НАЦИЙ",
                &["ОРГАНИЗАЦИЯ ОБЪЕДИНЁННЫХ НАЦИЙ=un"],
            ),
        ],
    );
}

#[test]
fn exact_case_whole_words_and_other_scripts() {
    let m = matcher_of("ru.toml", GLOSSARY);
    check_table(
        &m,
        &[
            (
                "exact case, inflected",
                "В России и о России.",
                &["России=russia", "России=russia"],
            ),
            ("exact case still exact", "РОССИЯ и россия", &[]),
            ("acronym", "НАТО расширяется, нато нет.", &["НАТО=nato"]),
            ("whole words only", "Россиянин и россиянка, азиатский.", &[]),
            ("prefix of a longer word", "Мягкая силовая политика.", &[]),
            (
                "Latin label in Cyrillic text",
                "Азиатские страны и Asia.",
                &["Asia=asia"],
            ),
            (
                "Latin words fold as before",
                "Asian and Russian soft powers",
                &["soft powers=soft-power"],
            ),
            (
                "mixed script",
                "Страны BRICS и NATO: мягкая сила и международное право (international law).",
                &[
                    "BRICS=brics",
                    "NATO=nato",
                    "мягкая сила=soft-power",
                    "международное право=international-law",
                    "international law=international-law",
                ],
            ),
            (
                "Cyrillic glued to Latin or digits",
                "НАТОx и 2НАТО и силаX",
                &[],
            ),
        ],
    );
}

/// The sentences of issue 10 ("other languages"), with the embedded glossary.
#[test]
fn default_glossary_links_inflected_russian() {
    let m = Matcher::from_toml("", true).expect("the embedded glossary");
    check_table(
        &m,
        &[
            (
                "genitive",
                "В докладе говорится о становлении многополярности.",
                &["многополярности=multipolarity"],
            ),
            (
                "е for ё",
                "Обсуждался проект «Экономический пояс Шелкового пути».",
                &["Экономический пояс Шелкового пути=silk-road-economic-belt"],
            ),
            (
                "adjective and noun",
                "Эксперты спорили о роли мягкой силы в политике.",
                &["мягкой силы=soft-power"],
            ),
            (
                "neuter",
                "Нарушение международного права недопустимо.",
                &["международного права=international-law"],
            ),
            (
                "control",
                "Россия выступает за многополярность.",
                &["Россия=russia", "многополярность=multipolarity"],
            ),
        ],
    );
}
