//! The lexicon: what each word means to the planner (an action, an object, both, a negation or
//! nothing), the canonical word it embeds as, and the small word classes the reading of a goal
//! leans on (determiners, light verbs, nouns that ask about an object, …).

use super::{Action, Object};

/// What a word means to the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meaning {
    Action(Action),
    Object(Object),
    /// A verb that is an action on an object at once: "fly" is book a flight.
    Both(Action, Object),
    Negation,
    /// Carries no meaning for planning ("a", "please", "me").
    Filler,
}

/// The lexicon: canonical word and meaning of every word the planner understands.
pub(super) fn lookup(word: &str) -> Option<(&'static str, Meaning)> {
    use Action::*;
    use Meaning::{Action as A, Both, Filler, Negation, Object as O};
    use Object::*;
    Some(match word {
        "book" | "reserve" | "buy" | "get" | "grab" | "secure" | "arrange" | "purchase" | "order" | "organise"
        | "organize" | "sort" | "getting" | "snag" => ("book", A(Book)),
        "cancel" | "undo" | "revoke" | "scrap" | "scratch" | "annul" | "nix" | "ditch" | "drop" | "void" | "kill"
        | "remove" | "delete" | "cancelling" | "canceling" | "terminate" | "cxl" | "canx" | "ax" | "axe" => {
            ("cancel", A(Cancel))
        }
        "search" | "searching" | "find" | "look" | "looking" | "check" | "show" | "list" | "compare" | "browse"
        | "lookup" | "research" | "researching" | "explore" | "exploring" | "comparing" | "browsing" | "see"
        | "know" | "view" | "retrieve" | "fetch" | "quote" | "quotes" => ("search", A(Search)),
        "pay" | "charge" | "bill" | "collect" | "debit" | "invoice" | "charging" | "capture" => ("pay", A(Pay)),
        "refund" | "reimburse" | "repay" | "reverse" | "refunding" => ("refund", A(Refund)),
        "send" | "shoot" | "email" | "emails" | "e-mail" | "mail" | "notify" | "forward" | "message" | "messages"
        | "share" | "tell" | "emailing" | "fwd" => ("send", A(Send)),
        "flight" | "flights" | "plane" | "planes" | "airplane" | "ticket" | "tickets" | "airfare" | "airfares"
        | "seat" | "travel" | "airline" | "airlines" | "carrier" | "carriers" | "departures" | "flt" | "flts"
        | "fare" | "fares" | "air" => ("flight", O(Flight)),
        "fly" | "flying" | "flies" | "ticketing" => ("flight", Both(Book, Flight)),
        "hotel" | "hotels" | "room" | "rooms" | "accommodation" | "lodging" | "suite" | "hostel" | "accom" => {
            ("hotel", O(Hotel))
        }
        "stay" | "staying" => ("hotel", Both(Book, Hotel)),
        "payment" | "card" | "credit" | "charges" => ("payment", O(Payment)),
        "confirmation" | "itinerary" | "receipt" | "details" | "summary" | "note" | "e-ticket" | "e-tickets"
        | "eticket" | "notification" | "notifications" | "correspondence" | "itin" => ("message", O(Message)),
        "not" | "don't" | "dont" | "doesn't" | "didn't" | "never" | "without" | "no" | "skip" | "except"
        | "shouldn't" | "mustn't" | "needn't" | "wouldn't" | "isn't" | "aren't" | "wasn't" | "weren't" | "suppress"
        | "withhold" | "omit" | "avoid" | "refrain" | "forget" | "neither" | "nor" => ("not", Negation),
        // What the user has already is not to be booked: "I already have a place to stay" (and
        // "I have…", "we have…" through PHRASES: "which airlines have flights" only asks).
        "already" => ("not", Negation),
        "a" | "an" | "the" | "me" | "my" | "please" | "for" | "and" | "also" | "then" | "to" | "of" | "it" | "i"
        | "want" | "need" | "would" | "like" | "can" | "you" | "could" | "some" | "us" | "our" | "on" | "with"
        | "at" | "in" | "this" | "that" | "them" | "do" | "let's" | "kindly" | "just" | "one" | "up" | "single"
        | "trip" | "but" | "by" | "asap" | "right" | "away" | "via" | "go" | "ahead" | "help" | "i'd" | "i'm"
        | "i'll" | "i've" | "we'd" | "we're" | "we'll" | "we" | "both" | "night" | "nights" | "day" | "days"
        | "week" | "weeks" | "hey" | "hi" | "hello" | "thanks" | "urgent" | "plus" | "only" | "all" | "everything"
        | "too" | "her" | "him" | "i-have" | "require" | "requires" | "request" | "requesting" | "ok" | "okay"
        | "yeah" | "so" | "pls" | "plz" => ("", Filler),

        _ => return None,
    })
}

/// The canonical words of a template's text for embedding: lower case, synonyms mapped to one
/// word, fillers dropped, repeats collapsed, slots kept as `{KIND}`.
pub fn canonical_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split_whitespace()
        .filter_map(|w| {
            if w.starts_with('{') {
                return Some(w.to_owned());
            }
            let lower = w.to_lowercase();
            let lower = bare(&lower);
            match lookup(lower) {
                Some((_, Meaning::Filler)) => None,
                Some((canonical, _)) => Some(canonical.to_owned()),
                None if lower.is_empty() => None,
                None => Some(lower.to_owned()),
            }
        })
        .collect();
    // "plane ticket" is one flight, not two.
    words.dedup();
    words
}

/// `word` without the punctuation around it ("hotel," is "hotel"; "won't" and "e-mail" keep
/// theirs): the form the lexicon is looked up in.
pub(super) fn bare(word: &str) -> &str {
    let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-');
    // "-" and "--" between words are punctuation, not words.
    if trimmed.chars().any(char::is_alphanumeric) { trimmed } else { "" }
}

/// Nouns that make the ticket, seat or room after them something other than a flight or a
/// hotel: "a train ticket", "a car seat", "the meeting room".
pub(super) const OTHER_KINDS: [&str; 30] = [
    "train",
    "trains",
    "rail",
    "bus",
    "coach",
    "ferry",
    "boat",
    "cruise",
    "concert",
    "theatre",
    "theater",
    "cinema",
    "movie",
    "museum",
    "opera",
    "match",
    "game",
    "event",
    "festival",
    "parking",
    "meeting",
    "conference",
    "lottery",
    "tour",
    "restaurant",
    "dinner",
    "lunch",
    "breakfast",
    "spa",
    "car",
];

/// Nouns of a message: "a confirmation email".
pub(super) const MESSAGE_NOUNS: [&str; 5] = ["email", "emails", "e-mail", "mail", "message"];

/// Words that, negated after an object, say it is not wanted: "hotel not required".
pub(super) const NEEDED: [&str; 8] =
    ["required", "needed", "necessary", "wanted", "included", "desired", "req'd", "reqd"];

/// Words that, after an object and "is", say it is seen to already: "the hotel is covered".
pub(super) const SEEN_TO: [&str; 15] = [
    "covered",
    "sorted",
    "handled",
    "arranged",
    "booked",
    "taken",
    "done",
    "organised",
    "organized",
    "reserved",
    "provided",
    "paid",
    "settled",
    "secured",
    "confirmed",
];

/// Verbs that say someone has seen to a booking or sees to it: "I've booked the hotel", "my
/// company arranges the hotel".
pub(super) const SEEN_TO_BY: [&str; 12] = [
    "booked",
    "reserved",
    "arranged",
    "organised",
    "organized",
    "arranges",
    "books",
    "handles",
    "covers",
    "provides",
    "organises",
    "organizes",
];

/// The object a booking reference names by its prefix (the demo tools' references: `FL-…`
/// flights, `HT-…` hotels, `PM-…` payments).
pub(super) fn referenced_object(reference: &str) -> Option<Object> {
    match reference.get(..3).map(str::to_ascii_uppercase).as_deref() {
        Some("FL-") => Some(Object::Flight),
        Some("HT-") => Some(Object::Hotel),
        Some("PM-") => Some(Object::Payment),
        _ => None,
    }
}

/// Words that choose among what was named: "book the cheapest one".
pub(super) const CHOICES: [&str; 12] = [
    "one", "ones", "cheapest", "earliest", "fastest", "quickest", "shortest", "best", "next", "second", "third",
    "cheaper",
];

/// Words after which a verb of the lexicon is a noun ("the charge", "a bill").
pub(super) const DETERMINERS: [&str; 8] = ["the", "a", "an", "this", "that", "my", "your", "their"];

/// Determiners that point at something that exists already: "my flight", "the hotel in Oslo".
/// Named with no verb, such an object is not booked ("Delay my flight", "Confirm the hotel"):
/// only an explicit verb or an indefinite mention ("a flight to Oslo") books.
pub(super) const DEFINITE: [&str; 10] = ["the", "this", "that", "these", "those", "my", "our", "your", "their", "his"];

/// Words that are never verbs (prepositions, auxiliaries, adverbs): an unknown word among them
/// governs nothing ("take €40 from the card", "write to Ann about the invoice").
pub(super) const FUNCTION_WORDS: [&str; 56] = [
    "should",
    "might",
    "may",
    "from",
    "about",
    "into",
    "onto",
    "over",
    "under",
    "after",
    "before",
    "until",
    "till",
    "since",
    "during",
    "per",
    "as",
    "than",
    "across",
    "around",
    "between",
    "through",
    "towards",
    "toward",
    "within",
    "against",
    "off",
    "out",
    "back",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "will",
    "shall",
    "there",
    "here",
    "have",
    "has",
    "had",
    "it's",
    "its",
    "that's",
    "there's",
    "here's",
    "what's",
    "where's",
    "how's",
    "myself",
    "ourselves",
    "yourself",
    "himself",
    "herself",
    "themselves",
];

/// People a booking is for: "book the traveller on a flight". Between a verb and its object they
/// are no thing it acts on; elsewhere they stay words the lexicon does not know ("hotel via the
/// client" says nothing the planner can do).
pub(super) const PEOPLE: [&str; 12] = [
    "pax",
    "traveller",
    "traveler",
    "travellers",
    "travelers",
    "passenger",
    "passengers",
    "undersigned",
    "customer",
    "client",
    "guest",
    "guests",
];

/// Verbs of wanting: after one, a participle is what is wanted done ("I want payment PM-…
/// refunded"); elsewhere it tells what happened ("it was refunded") and asks for nothing.
pub(super) const WANTING: [&str; 10] =
    ["want", "wants", "need", "needs", "like", "get", "require", "requires", "request", "requesting"];

/// A participle that asks for its action after a verb of wanting.
pub(super) fn wanted_participle(word: &str, wanting: bool) -> Option<Meaning> {
    match word {
        "refunded" if wanting => Some(Meaning::Action(Action::Refund)),
        "booked" | "reserved" | "sorted" | "arranged" | "organised" | "organized" if wanting => {
            Some(Meaning::Action(Action::Book))
        }
        "cancelled" | "canceled" if wanting => Some(Meaning::Action(Action::Cancel)),
        _ => None,
    }
}

/// Whether the reader knows `word` (bare, lower case): a word of the lexicon, a function word,
/// or a choice among what was named ("cheapest", "last"). Any other word is one it cannot read.
pub(super) fn known_word(word: &str) -> bool {
    lookup(word).is_some() || FUNCTION_WORDS.contains(&word) || CHOICES.contains(&word) || ADJECTIVES.contains(&word)
}

/// Whether `word` is a word the lexicon does not know and no function word: in a noun's
/// place, a thing the planner cannot act on ("selection", "upgrade").
pub(super) fn unknown_noun(word: &str) -> bool {
    // "a flight booked", "a room sorted": a participle of wanting, no noun.
    !word.is_empty()
        && lookup(word).is_none()
        && !FUNCTION_WORDS.contains(&word)
        && !PEOPLE.contains(&word)
        && wanted_participle(word, true).is_none()
        // "the room held in Oslo": a participle after the noun, no noun of its own.
        && !matches!(word, "held" | "made" | "kept" | "bought" | "left" | "taken" | "given")
}

/// The spans of `tokens` that `ends` closes (a clause, a sentence), first and last index each;
/// the goal's end closes the last one.
pub(super) fn spans<'a>(
    tokens: &'a [&str],
    ends: impl Fn(&str) -> bool + 'a,
) -> impl Iterator<Item = std::ops::RangeInclusive<usize>> + 'a {
    let mut start = 0;
    let last = tokens.len().saturating_sub(1);
    tokens.iter().enumerate().filter(move |&(k, word)| ends(word) || k == last).map(move |(k, _)| {
        let span = start..=k;
        start = k + 1;
        span
    })
}

/// Whether `word` closes its clause ("hotel," "flight;"), or is a dash between clauses ("last
/// week - cancel it").
pub(super) fn ends_clause(word: &str) -> bool {
    word.ends_with([',', ';', ':', '.', '!', '?']) || matches!(word, "-" | "--" | "\u{2013}" | "\u{2014}")
}

/// Words after which a noun phrase has ended: "a table | at the hotel".
pub(super) const HEAD_ENDS: [&str; 8] = ["at", "in", "on", "for", "to", "with", "near", "from"];

/// Whether `word` closes its sentence ("refunded." "ok!").
pub(super) fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?'])
}

/// Verbs that take an action noun as their object: "run a charge", "process a payment" charge.
pub(super) const LIGHT_VERBS: [&str; 14] = [
    "run", "process", "put", "place", "initiate", "submit", "apply", "make", "take", "create", "add", "execute",
    "complete", "perform",
];

/// Nouns of cancelling: "process the cancellation of flight FL-…".
pub(super) const CANCELLATION_NOUNS: [&str; 2] = ["cancellation", "cancellations"];

/// Nouns of booking: after a light verb, a booking ("make a reservation for a flight").
pub(super) const BOOKING_NOUNS: [&str; 5] = ["booking", "bookings", "reservation", "reservations", "res"];

/// Nouns that, after a flight or hotel, ask about it: "flight times", "hotel prices". Named with
/// no verb, such an object is looked up.
pub(super) const ABOUT: [&str; 14] = [
    "times",
    "options",
    "prices",
    "fares",
    "rates",
    "schedule",
    "schedules",
    "availability",
    "deals",
    "suggestions",
    "ideas",
    "recommendations",
    "information",
    "info",
];

/// Adjectives between a determiner and a noun: "the last charge", "a duplicate bill".
pub(super) const ADJECTIVES: [&str; 12] = [
    "last",
    "latest",
    "recent",
    "previous",
    "first",
    "duplicate",
    "double",
    "wrong",
    "extra",
    "whole",
    "further",
    "additional",
];
