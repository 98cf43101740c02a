//! Template extraction: a goal becomes a template with typed slots plus the slot values.
//!
//! "Book a flight to Paris tomorrow and send the confirmation to john@example.com" becomes
//! "Book a flight to {LOCATION} {DATE} and send the confirmation to {EMAIL}" with
//! `LOCATION = Paris`, `DATE = 2026-11-26`, `EMAIL = john@example.com`. Goals that differ only
//! in their values share a template, which is what makes a cached plan reusable. Extraction is
//! deterministic and pure: relative dates are resolved against the timestamp it is given.

use std::fmt;

use super::dates;
use crate::core::time::Timestamp;

/// The type of a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlotKind {
    Location,
    Date,
    Time,
    Email,
    Person,
    Number,
    Amount,
    Currency,
    Url,
    /// A booking or payment reference such as `FL-1A2B3C4D`.
    Reference,
}

impl SlotKind {
    /// The placeholder name, e.g. `LOCATION`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Location => "LOCATION",
            Self::Date => "DATE",
            Self::Time => "TIME",
            Self::Email => "EMAIL",
            Self::Person => "PERSON",
            Self::Number => "NUMBER",
            Self::Amount => "AMOUNT",
            Self::Currency => "CURRENCY",
            Self::Url => "URL",
            Self::Reference => "REFERENCE",
        }
    }

    /// The kind a placeholder name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        ALL_KINDS.iter().copied().find(|k| k.name() == name)
    }
}

const ALL_KINDS: [SlotKind; 10] = [
    SlotKind::Location,
    SlotKind::Date,
    SlotKind::Time,
    SlotKind::Email,
    SlotKind::Person,
    SlotKind::Number,
    SlotKind::Amount,
    SlotKind::Currency,
    SlotKind::Url,
    SlotKind::Reference,
];

impl fmt::Display for SlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One slot: its kind, the words of the goal it came from, and the normalised value that
/// plans receive (ISO dates, 24-hour times, upper-case currency codes…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub kind: SlotKind,
    pub text: String,
    pub value: String,
    /// The preposition before it ("to", "from", "in"…), which tells a destination from an origin.
    pub after: Option<String>,
}

/// A goal split into its template and slot values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The goal with `{KIND}` in place of every slot.
    pub text: String,
    /// The slots in the order they appear.
    pub slots: Vec<Slot>,
}

impl Template {
    /// The slot kinds in order: two goals can share a plan only if these are equal.
    pub fn kinds(&self) -> Vec<SlotKind> {
        self.slots.iter().map(|s| s.kind).collect()
    }

    /// The `n`-th (0-based) slot of `kind`.
    pub fn slot(&self, kind: SlotKind, n: usize) -> Option<&Slot> {
        self.slots.iter().filter(|s| s.kind == kind).nth(n)
    }
}

/// Currency words and symbols, with their ISO codes.
const CURRENCIES: [(&str, &str); 16] = [
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("usd", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("eur", "EUR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("gbp", "GBP"),
    ("pounds", "GBP"),
    ("jpy", "JPY"),
    ("yen", "JPY"),
    ("chf", "CHF"),
    ("francs", "CHF"),
];

fn currency(word: &str) -> Option<&'static str> {
    CURRENCIES.iter().find(|(w, _)| *w == word).map(|(_, code)| *code)
}

fn amount(word: &str) -> Option<String> {
    let cleaned = word.replace(',', "");
    let value: f64 = cleaned.parse().ok()?;
    (value.is_finite() && value >= 0.0 && cleaned.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") })
}

/// Words that take a person rather than a place after them ("send it to Anna").
const SEND_VERBS: [&str; 9] = ["send", "email", "e-mail", "mail", "message", "tell", "notify", "remind", "invite"];

const PREPOSITIONS: [&str; 10] = ["to", "in", "from", "at", "for", "with", "near", "via", "into", "on"];

/// Capitalised words that are not names.
const NOT_NAMES: [&str; 6] = ["I", "A", "The", "My", "Please", "And"];

fn is_email(word: &str) -> bool {
    word.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    })
}

fn is_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")) && word.len() > 8
}

/// `FL-1A2B3C4D`, `HT-ABCDEFGH`, `PNR12345`: upper case and digits, with a digit or a hyphen.
/// A booking or payment reference, also written as a number ("#HT-4B5092ED").
fn reference(word: &str) -> Option<&str> {
    let bare = word.strip_prefix('#').unwrap_or(word);
    is_reference(bare).then_some(bare)
}

fn is_reference(word: &str) -> bool {
    word.len() >= 5
        && (word.chars().any(|c| c.is_ascii_digit()) || word.contains('-'))
        && word.chars().any(|c| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn is_capitalised(word: &str) -> bool {
    // "Don't", "I'll" open a sentence; they name nothing.
    let contraction = ["n't", "'ll", "'m", "'re", "'ve", "'d"].iter().any(|end| word.to_lowercase().ends_with(end));
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !NOT_NAMES.contains(&word)
        && !contraction
}

/// Titles written with a dot before a name.
const TITLES: [&str; 6] = ["mr", "mrs", "ms", "dr", "prof", "st"];

/// Sounds a transcript keeps that say nothing.
const FILLERS: [&str; 6] = ["um", "uh", "umm", "uhm", "er", "erm"];

/// Splits a goal into words, trimming the punctuation around each (but not inside: e-mail
/// addresses, times and amounts keep their dots, colons and commas). Beside each word: the
/// punctuation that closes it, if any (`,` for a clause, `.` for a sentence, `?` for a
/// question), which the template keeps as a token of its own.
fn words(goal: &str) -> (Vec<&str>, Vec<Option<char>>) {
    let (mut words, mut closes) = (Vec::new(), Vec::new());
    for raw in goal.split_whitespace() {
        // Markdown around a word ("**Task:**", "`FL-…`", "_urgent_", "~~x~~") is no part of it.
        let raw = raw.trim_matches(|c: char| matches!(c, '*' | '`' | '_' | '~'));
        let word = raw.trim_matches(|c: char| matches!(c, ',' | ';' | '!' | '?' | '"' | '(' | ')' | '\''));
        let word = word.trim_end_matches(['.', ':']);
        // A spoken filler ("book a hotel in uh Lyon", as a voice assistant transcribes it) is no
        // word: it would stand between a place and its preposition.
        if FILLERS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        let tail = raw.trim_end_matches(['"', ')', '\'']);
        let close = match tail.chars().last() {
            Some('?') => Some('?'),
            Some('.' | '!') => Some('.'),
            Some(',' | ';' | ':') => Some(','),
            _ => None,
        };
        if word.is_empty() {
            // A lone "-" or "," closes the word before it.
            if let (Some(last), Some(close)) = (closes.last_mut(), close.or(Some(','))) {
                *last = Some(close);
            }
            continue;
        }
        words.push(word);
        // "e.g.", "p.m." and a title ("Mr. Chen") end in a dot that closes nothing; a dot after
        // a word does.
        let abbreviated = word.contains('.') || TITLES.contains(&word.to_lowercase().as_str());
        closes.push(close.filter(|c| *c != '.' || !(abbreviated && raw.ends_with('.'))));
    }
    (words, closes)
}

/// Extracts the template of `goal`, resolving relative dates against `now`.
pub fn extract(goal: &str, now: Timestamp) -> Template {
    let today = dates::today(now);
    let (original, closes) = words(goal);
    let lower: Vec<String> = original.iter().map(|w| w.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let mut text: Vec<String> = Vec::with_capacity(original.len());
    let mut slots = Vec::new();
    let mut i = 0;
    while i < original.len() {
        let word = original[i];
        let before = i.checked_sub(1).map(|j| lower[j]).filter(|w| PREPOSITIONS.contains(w)).map(str::to_owned);
        // "Book a flight to Paris - sorry, I meant Lyon": the name corrects the place before it.
        let placed = slots.iter().any(|s: &Slot| s.kind == SlotKind::Location);
        let corrects_place = i >= 1 && CORRECTIONS.contains(&lower[i - 1]) && placed;
        let mut push = |kind: SlotKind, tokens: usize, value: String, text: &mut Vec<String>| {
            slots.push(Slot { kind, text: original[i..i + tokens].join(" "), value, after: before.clone() });
            text.push(format!("{{{kind}}}"));
            tokens
        };
        let consumed = if is_email(word) {
            push(SlotKind::Email, 1, word.to_ascii_lowercase(), &mut text)
        } else if is_url(word) {
            push(SlotKind::Url, 1, word.to_owned(), &mut text)
        } else if let Some((code, value, tokens)) = money(&lower[i..]) {
            push(SlotKind::Amount, tokens, value, &mut text);
            push(SlotKind::Currency, tokens, code.to_owned(), &mut text)
        } else if let Some(found) = dates::date(&lower[i..], today).filter(|_| !is_standalone_abbreviation(lower[i])) {
            push(SlotKind::Date, found.tokens, found.value, &mut text)
        } else if let Some(found) = dates::time(&lower[i..]) {
            push(SlotKind::Time, found.tokens, found.value, &mut text)
        } else if let Some(reference) = reference(word) {
            push(SlotKind::Reference, 1, reference.to_owned(), &mut text)
        } else if let Some(n) = amount(word).or_else(|| number_word(lower[i])) {
            push(SlotKind::Number, 1, n, &mut text)
        } else if let Some(n) = nights(lower[i]) {
            // "a 3-night stay" says the number of nights as one word.
            let consumed = push(SlotKind::Number, 1, n, &mut text);
            text.push("nights".to_owned());
            consumed
        } else if i > 0 && is_capitalised(word) {
            let tokens = name_length(&original[i..], &closes[i..]);
            // "for Maria" is a person; "leave for Gdansk", "bound for Quito" a destination.
            // "a plane ticket for Lerwick" too, when no place follows ("a flight for Ann to Oslo").
            let departing = before.as_deref() == Some("for")
                && i >= 2
                && (DEPARTURE_VERBS.contains(&lower[i - 2])
                    || (about_flights(&lower[..i - 1]) && !placed_later(&original, &lower, i)));
            let kind = if departing {
                SlotKind::Location
            } else if matches!(before.as_deref(), Some("with" | "for"))
                || SEND_VERBS.contains(&lower[i - 1])
                || (before.as_deref() == Some("to")
                    && lower[..i].iter().any(|w| SEND_VERBS.contains(w))
                    && !travel_before(&lower[..i]))
            {
                SlotKind::Person
            } else if before.is_some()
                // "Destination: Oslo", "book flight -> Oslo"
                || matches!(lower[i - 1], "destination" | "->")
                || corrects_place
                || names_a_booking(&lower, i, tokens)
                || (closes[i - 1].is_none() && names_a_place(&original, &lower, i))
                || (!placed && labels_a_place(&lower, &closes, i, tokens))
            {
                SlotKind::Location
            } else {
                text.push(word.to_owned());
                text.extend(closes[i].filter(|c| i + 1 < original.len() || *c == '?').map(String::from));
                i += 1;
                continue;
            };
            push(kind, tokens, original[i..i + tokens].join(" "), &mut text)
        } else {
            text.push(word.to_owned());
            1
        };
        i += consumed;
        // Clause and sentence ends stay in the text ("a hotel , bill €40"), also after a slot:
        // "… to Sendai on Wednesday ?" is still a question.
        if let Some(close) = closes[i - 1].filter(|c| i < original.len() || *c == '?') {
            text.push(close.to_string());
        }
    }
    Template { text: text.join(" "), slots }
}

/// Words after which a value corrects one said before: "Book a flight to Paris - sorry, I meant
/// Lyon", "Charge 10 EUR, I mean 25 EUR".
pub const CORRECTIONS: [&str; 2] = ["meant", "mean"];

/// "my Toulouse flight", "the whole Oslo trip": a name between a possessive or definite article
/// (and a word of extent or time) and a travel noun is the booking's place.
fn names_a_booking(lower: &[&str], at: usize, tokens: usize) -> bool {
    const BEFORE: [&str; 6] = ["my", "our", "the", "your", "a", "an"];
    const BETWEEN: [&str; 5] = ["whole", "entire", "upcoming", "next", "coming"];
    const NOUNS: [&str; 8] = ["flight", "flights", "hotel", "hotels", "room", "trip", "booking", "reservation"];
    let determined = (at >= 1 && BEFORE.contains(&lower[at - 1]))
        || (at >= 2 && BETWEEN.contains(&lower[at - 1]) && BEFORE.contains(&lower[at - 2]));
    determined && lower.get(at + tokens).is_some_and(|w| NOUNS.contains(w))
}

/// "Book flight Oslo", "hotel Bergen 3 nights": a name right after a travel noun is its place
/// when the goal names no place the usual way after it ("the hotel Astoria in Oslo").
fn names_a_place(original: &[&str], lower: &[&str], at: usize) -> bool {
    // Not "the hotel Marriott", which names the hotel.
    const NOUNS: [&str; 3] = ["flight", "flights", "trip"];
    // "visiting Oslo", "which flights serve Bergen": verbs whose object is a place.
    const VERBS: [&str; 7] = ["visit", "visiting", "visits", "serve", "serves", "serving", "reach"];
    at >= 1 && (NOUNS.contains(&lower[at - 1]) || VERBS.contains(&lower[at - 1])) && !placed_later(original, lower, at)
}

/// "Fare check: Bamako, tomorrow", "Book air + hotel: Niamey, 4 nights": a name that is a clause
/// of its own, right after a clause (not a sentence: "Flight. Destination: Oslo") about flying
/// with no place in it, is where to. The name must end its clause too: "Book a flight, Marie
/// pays" names who pays.
fn labels_a_place(lower: &[&str], closes: &[Option<char>], at: usize, tokens: usize) -> bool {
    const NOUNS: [&str; 7] = ["flight", "flights", "fare", "fares", "air", "trip", "travel"];
    let label_start = (0..at - 1).rev().find(|&j| closes[j].is_some()).map_or(0, |j| j + 1);
    let label = &lower[label_start..at];
    closes[at - 1] == Some(',')
        && closes.get(at + tokens - 1).is_some_and(|c| c.is_some())
        && label.iter().any(|w| NOUNS.contains(w))
        && !label.iter().any(|w| PREPOSITIONS.contains(w))
}

/// Nouns of a seat on a plane: "a ticket for Oslo" is one to Oslo.
const FLIGHT_NOUNS: [&str; 5] = ["flight", "flights", "ticket", "tickets", "seat"];

/// Whether `before` ends with facts about flights: "flight suggestions", "flight options"
/// (before "for Oslo").
fn about_flights(before: &[&str]) -> bool {
    const FACTS: [&str; 9] =
        ["options", "prices", "fares", "times", "suggestions", "deals", "schedule", "information", "info"];
    // Not "a ticket for Anna", which could be for a person: facts are only looked up.
    matches!(before, [.., noun, last] if FLIGHT_NOUNS.contains(noun) && FACTS.contains(last))
}

/// Whether a place is named the usual way (a preposition and a name, no month or weekday)
/// after the word at `at`.
fn placed_later(original: &[&str], lower: &[&str], at: usize) -> bool {
    (at + 1..original.len()).any(|j| {
        PREPOSITIONS.contains(&lower[j - 1])
            && is_capitalised(original[j])
            && !NOT_NAMES.contains(&original[j])
            && dates::month(lower[j]).is_none()
            && !dates::is_weekday(lower[j])
    })
}

/// Weekday abbreviations ("sun", "sat") only count as dates after "on"/"next"/"this" (any
/// other three-letter word, "the" of "the day after tomorrow" included, is read as usual).
fn is_standalone_abbreviation(word: &str) -> bool {
    word.len() == 3 && dates::month(word).is_none() && dates::is_weekday(word)
}

/// Verbs after which "for" introduces a destination, not a person.
const DEPARTURE_VERBS: [&str; 10] =
    ["leave", "leaves", "leaving", "depart", "departs", "departing", "bound", "head", "heading", "headed"];

/// Lower-case words inside place names: "Rio de Janeiro", "Port of Spain".
const PLACE_JOINERS: [&str; 14] =
    ["de", "da", "do", "dos", "del", "la", "las", "los", "le", "di", "of", "upon", "es", "al"];

/// How many words from the start of `words` form one capitalised name, joiners included when
/// a capitalised word follows them. A name ends with the punctuation that closes a word
/// (`closes`, beside `words`): "to Oslo. Any hotels?" names Oslo, not "Oslo Any".
fn name_length(words: &[&str], closes: &[Option<char>]) -> usize {
    let closed = |at: usize| closes.get(at).copied().flatten().is_some();
    let mut length = 0;
    while let Some(word) = words.get(length) {
        if is_capitalised(word) {
            length += 1;
        } else if PLACE_JOINERS.contains(word)
            && !closed(length)
            && words.get(length + 1).is_some_and(|w| is_capitalised(w))
        {
            length += 2;
        } else {
            break;
        }
        if closed(length - 1) {
            break;
        }
    }
    length
}

/// Whether a travel word comes after the last send verb ("email me … and fly to Rome").
fn travel_before(words: &[&str]) -> bool {
    let last_send = words.iter().rposition(|w| SEND_VERBS.contains(w)).unwrap_or(0);
    words[last_send..]
        .iter()
        .any(|w| matches!(*w, "fly" | "flight" | "flights" | "travel" | "trip" | "hotel" | "hotels" | "go"))
}

/// The number of "3-night" or "three-nights".
fn nights(word: &str) -> Option<String> {
    let n = word.strip_suffix("-nights").or_else(|| word.strip_suffix("-night"))?;
    amount(n).or_else(|| number_word(n))
}

fn number_word(word: &str) -> Option<String> {
    dates::number_word(word).filter(|n| *n >= 2).map(|n| n.to_string())
}

/// An amount with its currency: "$120", "120 EUR", "EUR 120", "120 dollars", "€99.50".
fn money(words: &[&str]) -> Option<(&'static str, String, usize)> {
    let first = *words.first()?;
    let symbol = first.chars().next().filter(|c| "$€£¥".contains(*c));
    if let Some(symbol) = symbol {
        let code = currency(&symbol.to_string())?;
        return Some((code, amount(&first[symbol.len_utf8()..])?, 1));
    }
    let second = words.get(1).copied().unwrap_or("");
    if let (Some(value), Some(code)) = (amount(first), currency(second)) {
        return Some((code, value, 2));
    }
    if let (Some(code), Some(value)) = (currency(first).filter(|c| c.len() == 3 && first.len() == 3), amount(second)) {
        return Some((code, value, 2));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wednesday 25 November 2026, 10:00 UTC.
    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
    }

    fn slots(goal: &str) -> Vec<(SlotKind, String)> {
        extract(goal, now()).slots.into_iter().map(|s| (s.kind, s.value)).collect()
    }

    #[test]
    fn the_original_goal_becomes_the_original_template() {
        let t = extract("Book flight to Paris tomorrow", now());
        assert_eq!(t.text, "Book flight to {LOCATION} {DATE}");
        assert_eq!(
            slots("Book flight to Paris tomorrow"),
            [(SlotKind::Location, "Paris".into()), (SlotKind::Date, "2026-11-26".into())]
        );
        let t = extract("Book a flight to Paris tomorrow and send the confirmation to john@example.com.", now());
        assert_eq!(t.text, "Book a flight to {LOCATION} {DATE} and send the confirmation to {EMAIL}");
        assert_eq!(t.slot(SlotKind::Email, 0).unwrap().value, "john@example.com");
    }

    #[test]
    fn goals_differing_only_in_values_share_a_template() {
        let a = extract("Book a flight to Paris tomorrow and email ann@example.org", now());
        let b = extract("Book a flight to New York next Friday and email bob@corp.io", now());
        assert_eq!(a.text, b.text);
        assert_eq!(b.slot(SlotKind::Location, 0).unwrap().value, "New York");
        assert_eq!(b.slot(SlotKind::Date, 0).unwrap().value, "2026-12-04");
    }

    #[test]
    fn every_slot_kind_is_recognised() {
        assert_eq!(
            slots("Pay $120 for the tickets"),
            [(SlotKind::Amount, "120".into()), (SlotKind::Currency, "USD".into())]
        );
        assert_eq!(slots("Charge 99.50 EUR"), [(SlotKind::Amount, "99.50".into()), (SlotKind::Currency, "EUR".into())]);
        assert_eq!(slots("Charge EUR 1,200"), [(SlotKind::Amount, "1200".into()), (SlotKind::Currency, "EUR".into())]);
        assert_eq!(
            slots("Book a table at 7:30pm on friday"),
            [(SlotKind::Time, "19:30".into()), (SlotKind::Date, "2026-11-27".into())]
        );
        assert_eq!(
            slots("Book a hotel in Rome for 3 nights"),
            [(SlotKind::Location, "Rome".into()), (SlotKind::Number, "3".into())]
        );
        assert_eq!(slots("Book a hotel in Rome for two nights")[1], (SlotKind::Number, "2".into()));
        assert_eq!(slots("Cancel booking FL-1A2B3C4D"), [(SlotKind::Reference, "FL-1A2B3C4D".into())]);
        assert_eq!(slots("Cancel booking HT-ABCDEFGH"), [(SlotKind::Reference, "HT-ABCDEFGH".into())]);
        assert_eq!(
            slots("Summarise https://example.com/report"),
            [(SlotKind::Url, "https://example.com/report".into())]
        );
        assert_eq!(slots("Book a dinner with Maria Lopez"), [(SlotKind::Person, "Maria Lopez".into())]);
        assert_eq!(slots("Email Anna the itinerary"), [(SlotKind::Person, "Anna".into())]);
        assert_eq!(slots("Send the receipt to Anna"), [(SlotKind::Person, "Anna".into())]);
        assert_eq!(slots("Book a table for Maria"), [(SlotKind::Person, "Maria".into())]);
        assert_eq!(slots("Which trains depart for Bern"), [(SlotKind::Location, "Bern".into())]);
    }

    #[test]
    fn origins_and_destinations_keep_their_preposition() {
        let t = extract("Fly from London to San Francisco on December 3rd", now());
        assert_eq!(t.text, "Fly from {LOCATION} to {LOCATION} on {DATE}");
        let places: Vec<_> = t.slots.iter().map(|s| (s.value.as_str(), s.after.as_deref())).collect();
        assert_eq!(places, [("London", Some("from")), ("San Francisco", Some("to")), ("2026-12-03", Some("on"))]);
    }

    #[test]
    fn a_place_after_travel_words_is_no_person_even_after_a_verb_of_telling() {
        assert_eq!(slots("Tell me about flights to Oslo"), [(SlotKind::Location, "Oslo".to_owned())]);
        assert_eq!(slots("Tell me about hotels to Oslo"), [(SlotKind::Location, "Oslo".to_owned())]);
        assert_eq!(slots("Send the plan to Ann"), [(SlotKind::Person, "Ann".to_owned())]);
    }

    #[test]
    fn a_name_right_after_a_flight_noun_is_its_place_unless_one_is_placed_later() {
        assert_eq!(
            extract("Book flight Bergen on March 3, 2 passengers", now()).text,
            "Book flight {LOCATION} on {DATE} , {NUMBER} passengers"
        );
        assert_eq!(slots("Book hotel Marriott for 2 nights")[0].0, SlotKind::Number, "the hotel's name is no place");
        assert_eq!(
            slots("flight Oslo tomorrow"),
            [(SlotKind::Location, "Oslo".to_owned()), (SlotKind::Date, "2026-11-26".to_owned())]
        );
        assert_eq!(slots("Flight options for Bergen"), [(SlotKind::Location, "Bergen".to_owned())]);
        assert_eq!(slots("Sort the whole Bergen trip"), [(SlotKind::Location, "Bergen".to_owned())]);
        assert_eq!(
            slots("A flight to Oslo - sorry, I meant Bergen"),
            [(SlotKind::Location, "Oslo".to_owned()), (SlotKind::Location, "Bergen".to_owned())]
        );
        assert_eq!(slots("Email Anna, I meant"), [(SlotKind::Person, "Anna".to_owned())]);
        assert_eq!(slots("Plan my upcoming Bergen trip"), [(SlotKind::Location, "Bergen".to_owned())]);
        assert_eq!(slots("A ticket for Ann"), [(SlotKind::Person, "Ann".to_owned())], "a person, maybe");
        assert_eq!(slots("A ticket for Ann to Oslo")[0], (SlotKind::Person, "Ann".to_owned()));
        assert_eq!(slots("Flights? Don't book yet"), [], "a contraction opening a sentence names nothing");
        assert_eq!(slots("Book a flight; I'll stay with Ann"), [(SlotKind::Person, "Ann".to_owned())]);
        assert_eq!(slots("We're visiting Bergen"), [(SlotKind::Location, "Bergen".to_owned())]);
        assert_eq!(slots("Flight. Destination: Oslo."), [(SlotKind::Location, "Oslo".to_owned())]);
        assert_eq!(slots("book flight -> Bergen"), [(SlotKind::Location, "Bergen".to_owned())]);
        assert_eq!(slots("Fare check: Bergen, Friday.")[0], (SlotKind::Location, "Bergen".to_owned()));
        assert_eq!(slots("Book a flight, Marie pays"), [], "who pays is no place");
        let t = extract("Book the hotel Astoria in Oslo", now());
        assert_eq!(t.text, "Book the hotel Astoria in {LOCATION}", "the hotel's name is no place");
    }

    #[test]
    fn nights_said_in_one_word_are_a_number() {
        let t = extract("Book a 4-night stay in Oslo", now());
        assert_eq!(t.text, "Book a {NUMBER} nights stay in {LOCATION}");
        assert_eq!(t.slots[0].value, "4");
        assert_eq!(extract("a three-nights stay", now()).slots[0].value, "3");
    }

    #[test]
    fn a_name_ends_with_its_sentence_or_clause() {
        let t = extract("Fly me to Oslo. Any hotels in Rio de Janeiro? Send it to Ann, Bo will call", now());
        assert_eq!(t.text, "Fly me to {LOCATION} . Any hotels in {LOCATION} ? Send it to {PERSON} , Bo will call");
        let values: Vec<_> = t.slots.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["Oslo", "Rio de Janeiro", "Ann"]);
    }

    #[test]
    fn a_reference_written_as_a_number_is_the_reference() {
        assert_eq!(slots("cancel hotel booking #HT-4B5092ED"), [(SlotKind::Reference, "HT-4B5092ED".into())]);
        assert!(slots("meet at gate #B12").iter().all(|(kind, _)| *kind != SlotKind::Reference));
    }

    #[test]
    fn a_title_ends_no_sentence() {
        assert_eq!(extract("Cancel Mr. Chen's flight to Oslo.", now()).text, "Cancel Mr Chen's flight to {LOCATION}");
    }

    #[test]
    fn spoken_fillers_are_no_words() {
        assert_eq!(slots("book a hotel in uh Nagpur for 2 nights")[0], (SlotKind::Location, "Nagpur".into()));
        assert_eq!(extract("um, cancel it", now()).text, "cancel it");
    }

    #[test]
    fn plain_words_are_not_slots() {
        assert!(slots("Book a flight and a hotel").is_empty());
        assert!(slots("Book a room with sun view").is_empty());
        assert_eq!(extract("Book a flight.", now()).text, "Book a flight");
    }

    #[test]
    fn extraction_depends_on_the_timestamp_only() {
        let later = Timestamp::parse_rfc3339("2026-12-31T23:59:00Z").unwrap();
        assert_eq!(extract("Fly to Oslo tomorrow", later).slots[1].value, "2027-01-01");
        assert_eq!(extract("Fly to Oslo tomorrow", now()), extract("Fly to Oslo tomorrow", now()));
    }
}
