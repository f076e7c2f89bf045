//! Word lists of English that the local decisions need: words that join a
//! longer name ("of", "de"), capitalised words that never make one (titles,
//! offices, months), and words that are capitalised only because they start
//! a sentence. Data, not rules: the rules live in [`super`].

/// Lower-case words that join the parts of a proper name: "University of
/// Chile", "Banco de México", "Universität von …".
pub fn is_joining_word(word: &str) -> bool {
    matches!(
        word,
        "of" | "de"
            | "du"
            | "des"
            | "del"
            | "della"
            | "di"
            | "da"
            | "do"
            | "dos"
            | "das"
            | "van"
            | "von"
            | "der"
    )
}

/// Heads of names that take a place after "of": institutions, buildings
/// and features named after a place ("University of Chile", "Bank of China",
/// "Gulf of Mexico"). After other words ("the New Era of Russia and
/// China", "the people of Jordan") the place is the place.
pub fn is_name_head(word: &str) -> bool {
    NAME_HEADS.binary_search(&word).is_ok()
}

/// Sorted.
const NAME_HEADS: &[&str] = &[
    "Academy",
    "Airport",
    "Archipelago",
    "Assembly",
    "Bank",
    "Basin",
    "Bay",
    "Cape",
    "Castle",
    "Cathedral",
    "Center",
    "Centre",
    "Church",
    "City",
    "Club",
    "College",
    "Company",
    "Corporation",
    "County",
    "Duchess",
    "Duke",
    "Gulf",
    "Hall",
    "Hospital",
    "Institute",
    "Island",
    "Islands",
    "Isle",
    "Lake",
    "Library",
    "Mount",
    "Museum",
    "Palace",
    "Peninsula",
    "Port",
    "Province",
    "River",
    "School",
    "Sea",
    "Strait",
    "Straits",
    "Tower",
    "University",
];

/// Capitalised words that stand before or after a name without making a
/// longer name with it: titles and offices ("President Putin", "the
/// Government of India", "Professor India Walton" → the name is "India
/// Walton"), state organs used as modifiers ("China Foreign Ministry"),
/// months and weekdays.
pub fn never_extends_a_name(word: &str) -> bool {
    OFFICES_AND_TITLES.binary_search(&word).is_ok()
        || CALENDAR.binary_search(&word).is_ok()
        || REGIMES.binary_search(&word).is_ok()
}

/// Words naming a state's regime or era, not another place: "Communist
/// China", "Nazi Germany", "Mainland China". Sorted.
const REGIMES: &[&str] = &[
    "Communist",
    "Czarist",
    "Fascist",
    "Free",
    "Imperial",
    "Mainland",
    "Nationalist",
    "Nazi",
    "Red",
    "Tsarist",
];

/// Sorted.
const OFFICES_AND_TITLES: &[&str] = &[
    "Admiral",
    "Affairs",
    "Ambassador",
    "Ambassadors",
    "Chair",
    "Chairman",
    "Chairperson",
    "Chairwoman",
    "Chancellor",
    "Chief",
    "Colonel",
    "Commander",
    "Commissioner",
    "Congressman",
    "Congresswoman",
    "Constitution",
    "Consul",
    "Consulate",
    "Councillor",
    "Dame",
    "Defence",
    "Defense",
    "Delegation",
    "Delegations",
    "Deputy",
    "Director",
    "Dr",
    "Economy",
    "Embassy",
    "Emperor",
    "Envoy",
    "Excellency",
    "Finance",
    "Foreign",
    "General",
    "Government",
    "Governments",
    "Governor",
    "Head",
    "Heads",
    "Highness",
    "Holiness",
    "Interior",
    "Judge",
    "Justice",
    "King",
    "Kingdom",
    "Lady",
    "Leader",
    "Leaders",
    "Lord",
    "Majesty",
    "Marshal",
    "Mayor",
    "Member",
    "Members",
    "Minister",
    "Ministers",
    "Ministry",
    "Miss",
    "Mission",
    "Mr",
    "Mrs",
    "Ms",
    "Parliament",
    "Premier",
    "President",
    "Presidents",
    "Prime",
    "Prince",
    "Princess",
    "Prof",
    "Professor",
    "Queen",
    "Representative",
    "Representatives",
    "Republic",
    "Secretary",
    "Senator",
    "Sheikh",
    "Sir",
    "Spokesman",
    "Spokesperson",
    "Spokeswoman",
    "Sultan",
    "Trade",
    "Vice",
];

/// Sorted.
const CALENDAR: &[&str] = &[
    "April",
    "August",
    "December",
    "February",
    "Friday",
    "January",
    "July",
    "June",
    "March",
    "Monday",
    "November",
    "October",
    "Saturday",
    "September",
    "Sunday",
    "Thursday",
    "Tuesday",
    "Wednesday",
];

/// Words that are capitalised at the start of a sentence only because they
/// start it (function words, pronouns, common adverbs, adverbs in `-ly` and
/// gerunds in `-ing`), so they do not make a name with what follows:
/// "Yesterday Chad closed its border" is about Chad, "Strengthening NATO
/// matters" about NATO. A gerund that is itself a label ("Beijing") is a
/// name of its own before the caller asks.
pub fn is_common_sentence_start(word: &str) -> bool {
    // Lower-case only when needed: most words checked are lower-case already.
    let lower: std::borrow::Cow<'_, str> = if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    };
    (lower.len() > 4 && lower.ends_with("ly"))
        || (lower.len() > 5 && lower.ends_with("ing"))
        || SENTENCE_STARTS.binary_search(&&*lower).is_ok()
}

/// Sorted, lower case.
const SENTENCE_STARTS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "already",
    "also",
    "although",
    "always",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "before",
    "below",
    "besides",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "could",
    "dear",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "either",
    "even",
    "every",
    "few",
    "first",
    "for",
    "from",
    "furthermore",
    "had",
    "has",
    "have",
    "he",
    "hence",
    "her",
    "here",
    "his",
    "how",
    "however",
    "if",
    "in",
    "indeed",
    "instead",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "later",
    "let",
    "like",
    "many",
    "may",
    "meanwhile",
    "might",
    "more",
    "moreover",
    "most",
    "much",
    "must",
    "my",
    "near",
    "neither",
    "never",
    "nevertheless",
    "next",
    "no",
    "nonetheless",
    "nor",
    "not",
    "now",
    "of",
    "often",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "over",
    "overall",
    "perhaps",
    "please",
    "second",
    "several",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "third",
    "this",
    "those",
    "though",
    "through",
    "throughout",
    "thus",
    "to",
    "today",
    "together",
    "tomorrow",
    "tonight",
    "towards",
    "under",
    "unless",
    "unlike",
    "until",
    "upon",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            OFFICES_AND_TITLES,
            CALENDAR,
            SENTENCE_STARTS,
            NAME_HEADS,
            REGIMES,
        ] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }

    #[test]
    fn sentence_starts() {
        assert!(is_common_sentence_start("Yesterday"));
        assert!(is_common_sentence_start("Recently"));
        assert!(!is_common_sentence_start("New"));
        assert!(!is_common_sentence_start("Lake"));
        assert!(never_extends_a_name("President"));
        assert!(!never_extends_a_name("City"));
    }
}
