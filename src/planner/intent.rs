//! What a goal asks for, as (action, object) pairs with negation: "Book a flight to Paris but
//! no hotel" is `{book:flight, !book:hotel}`. Two goals whose intents differ must never share
//! a plan, however similar their words ("book" vs "cancel", "do not …"): the plan cache's
//! guard compares these. The same lexicon maps synonyms to one canonical word, so paraphrases
//! ("reserve a plane ticket") embed close to each other.

use std::collections::BTreeSet;
use std::fmt;

use super::template::Template;

/// What is to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Book,
    Cancel,
    Search,
    Pay,
    Refund,
    Send,
    /// A verb the lexicon does not know, acting on an object ("rebook my flight", "upgrade the
    /// room"): asked for, but nothing the planner can do. Never declared by a tool.
    Other,
}

/// To what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Object {
    Flight,
    Hotel,
    Payment,
    Message,
}

impl Object {
    /// The object as a noun, for messages.
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Flight => "flight",
            Self::Hotel => "hotel",
            Self::Payment => "payment",
            Self::Message => "message",
        }
    }
}

/// One thing a goal asks for (or asks not to be done, when `negated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Intent {
    pub negated: bool,
    pub action: Action,
    pub object: Object,
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = format!("{:?}", self.action).to_lowercase();
        let object = format!("{:?}", self.object).to_lowercase();
        write!(f, "{}{action}:{object}", if self.negated { "!" } else { "" })
    }
}

impl std::str::FromStr for Intent {
    type Err = String;

    /// `action:object` as a tool catalog declares it (`pay:payment`), the form [`Intent`]
    /// displays.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (action, object) = text.split_once(':').ok_or_else(|| format!("`{text}` is not `action:object`"))?;
        let action = match action {
            "book" => Action::Book,
            "cancel" => Action::Cancel,
            "search" => Action::Search,
            "pay" => Action::Pay,
            "refund" => Action::Refund,
            "send" => Action::Send,
            other => return Err(format!("unknown action `{other}` (book, cancel, search, pay, refund, send)")),
        };
        let object = match object {
            "flight" => Object::Flight,
            "hotel" => Object::Hotel,
            "payment" => Object::Payment,
            "message" => Object::Message,
            other => return Err(format!("unknown object `{other}` (flight, hotel, payment, message)")),
        };
        Ok(Self { negated: false, action, object })
    }
}

/// A goal's intents, ordered; equal signatures are a precondition of plan reuse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Signature(pub BTreeSet<Intent>);

impl Signature {
    /// Whether the goal asks for `action` on `object` (and does not negate it).
    pub fn wants(&self, action: Action, object: Object) -> bool {
        self.0.contains(&Intent { negated: false, action, object })
    }

    /// Whether nothing was recognised.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|i| i.negated)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(Intent::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

/// What a word means to the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Action(Action),
    Object(Object),
    /// A verb that is an action on an object at once: "fly" is book a flight.
    Both(Action, Object),
    Negation,
    /// Carries no meaning for planning ("a", "please", "me").
    Filler,
}

/// The lexicon: canonical word and meaning of every word the planner understands.
fn lookup(word: &str) -> Option<(&'static str, Meaning)> {
    use Action::*;
    use Meaning::{Action as A, Both, Filler, Negation, Object as O};
    use Object::*;
    Some(match word {
        "book" | "reserve" | "buy" | "get" | "grab" | "secure" | "arrange" | "purchase" | "order" | "organise"
        | "organize" => ("book", A(Book)),
        "cancel" | "undo" | "revoke" | "scrap" | "drop" | "void" | "kill" => ("cancel", A(Cancel)),
        "search" | "searching" | "find" | "look" | "looking" | "check" | "show" | "list" | "compare" | "browse"
        | "lookup" | "research" | "researching" | "explore" | "exploring" | "comparing" | "browsing" | "see"
        | "know" | "view" => ("search", A(Search)),
        "pay" | "charge" | "bill" | "collect" | "debit" | "invoice" => ("pay", A(Pay)),
        "refund" | "reimburse" | "repay" | "reverse" => ("refund", A(Refund)),
        "send" | "email" | "emails" | "e-mail" | "mail" | "notify" | "forward" | "message" | "messages" | "share"
        | "tell" => ("send", A(Send)),
        "flight" | "flights" | "plane" | "planes" | "airplane" | "ticket" | "tickets" | "airfare" | "airfares"
        | "seat" | "travel" | "airline" | "airlines" | "departures" => ("flight", O(Flight)),
        "fly" | "flying" | "flies" => ("flight", Both(Book, Flight)),
        "hotel" | "hotels" | "room" | "rooms" | "accommodation" | "lodging" | "suite" | "hostel" => ("hotel", O(Hotel)),
        "stay" | "staying" => ("hotel", Both(Book, Hotel)),
        "payment" | "card" | "credit" => ("payment", O(Payment)),
        "confirmation" | "itinerary" | "receipt" | "details" | "summary" | "note" => ("message", O(Message)),
        "not" | "don't" | "dont" | "doesn't" | "didn't" | "never" | "without" | "no" | "skip" | "except"
        | "shouldn't" | "mustn't" | "needn't" | "wouldn't" | "isn't" | "aren't" | "wasn't" | "weren't" => {
            ("not", Negation)
        }
        // What the user has already is not to be booked: "I already have a place to stay" (and
        // "I have…", "we have…" through PHRASES: "which airlines have flights" only asks).
        "already" => ("not", Negation),
        "a" | "an" | "the" | "me" | "my" | "please" | "for" | "and" | "also" | "then" | "to" | "of" | "it" | "i"
        | "want" | "need" | "would" | "like" | "can" | "you" | "could" | "some" | "us" | "our" | "on" | "with"
        | "at" | "in" | "this" | "that" | "them" | "do" | "let's" | "kindly" | "just" | "one" | "up" | "single"
        | "trip" | "but" | "by" | "asap" | "right" | "away" | "via" | "go" | "ahead" | "help" | "i'd" | "i'm"
        | "i'll" | "i've" | "we'd" | "we're" | "we'll" | "we" | "both" | "night" | "nights" | "day" | "days"
        | "week" | "weeks" | "hey" | "hi" | "hello" | "thanks" | "urgent" | "plus" | "only" | "all" | "everything"
        | "too" | "her" | "him" | "i-have" | "require" | "requires" => ("", Filler),
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

/// Phrases that mean one word of the lexicon ("call off" is cancel, "won't need" is a
/// negation); matched on lower-case text with word boundaries.
const PHRASES: [(&str, &str); 112] = [
    ("have to", "must"),
    ("has to", "must"),
    // A request in the passive: "payment PM-… needs to be refunded".
    ("to be refunded", "refund"),
    ("must be refunded", "refund"),
    ("should be refunded", "refund"),
    ("to be cancelled", "cancel"),
    ("to be canceled", "cancel"),
    ("must be cancelled", "cancel"),
    ("must be canceled", "cancel"),
    ("should be cancelled", "cancel"),
    // Deferral is a "not yet": "hold off on booking the flight".
    ("hold off", "not"),
    // Staying that books no room.
    ("stay in touch", "keep-in-touch"),
    ("stay tuned", "wait"),
    ("stay posted", "wait"),
    ("stay updated", "wait"),
    ("note that", "fyi"),
    // A reminder asks for nothing now: "remind me to book a hotel".
    ("remind me to", "not"),
    ("remind us to", "not"),
    ("don't forget to", "please"),
    ("do not forget to", "please"),
    ("remember to", "please"),
    ("put off", "not"),
    ("wait before", "not"),
    ("wait with", "not"),
    ("wait until", "not"),
    ("wait to", "not"),
    ("leave out", "not"),
    ("put through", "run"),
    ("sort out", "arrange"),
    ("lock in", "book"),
    ("put me on", "book me on"),
    ("put us on", "book us on"),
    ("pay back", "refund"),
    ("paid back", "refund"),
    // Checking in is not a search: nothing the planner knows does it.
    ("check me in", "check-in"),
    ("check us in", "check-in"),
    ("check in", "check-in"),
    ("call off", "cancel"),
    ("drop off", "drop-off"),
    ("get rid of", "cancel"),
    // "if you booked a flight" asks; "the flight booked to Oslo" names one that exists.
    ("if you booked", "book"),
    ("the flight booked to", "the flight to"),
    ("the hotel booked in", "the hotel in"),
    ("pull up", "show"),
    ("tell me which", "which"),
    ("tell me about", "search"),
    ("tell me what", "what"),
    // Told to the user is shown to them: "tell me the flight options".
    ("tell me", "show me"),
    ("tell us", "show us"),
    ("take a payment", "charge payment"),
    ("give back", "refund"),
    ("make a payment", "pay"),
    ("make payment", "pay"),
    ("called off", "cancel"),
    ("no longer needed", "cancel"),
    // "We no longer need the hotel": a booking that exists is not wanted any more.
    ("we no longer need", "cancel"),
    ("i no longer need", "cancel"),
    ("no longer need", "cancel"),
    ("not needed", "cancel"),
    ("no longer", "not"),
    // "Book a flight and nothing else": a limit, not a refusal of anything named.
    ("and nothing else", "only"),
    ("nothing more", "only"),
    ("nothing else", "only"),
    ("air travel", "flight"),
    ("air connections", "flights"),
    ("air connection", "flight"),
    ("flight connections", "flights"),
    ("by air", "by plane"),
    ("take payment", "charge payment"),
    ("take {amount}", "charge {amount}"),
    ("{currency} back", "{currency} refund"),
    // "…, €40 charged, …": money and what is done with it.
    ("{currency} charged", "{currency} charge"),
    ("{currency} refunded", "{currency} refund"),
    ("return {amount}", "refund {amount}"),
    ("return money", "refund"),
    ("return the money", "refund"),
    ("curious about", "search"),
    ("interested in", "search"),
    ("won't", "not"),
    ("wont", "not"),
    ("will not", "not"),
    ("do without", "not"),
    ("i have", "i-have"),
    ("we have", "i-have"),
    ("i've got", "i-have"),
    ("we've got", "i-have"),
    ("as well", "too"),
    ("put me up", "book me"),
    ("put us up", "book us"),
    ("put me in a", "book me a"),
    ("put us in a", "book us a"),
    // Being got to a place is flying there: "get me to Oslo on Friday".
    ("get me to {location}", "fly me to {location}"),
    ("get us to {location}", "fly us to {location}"),
    // "make sure x@y gets the confirmation": what the address gets is sent to it.
    ("{email} gets", "send {email}"),
    ("{email} receives", "send {email}"),
    // "drop x@y an email": a message, not a cancellation; "x@y should not be emailed".
    ("drop {email}", "email {email}"),
    ("be emailed", "email"),
    ("is emailed", "email"),
    // "see that x@y is emailed" makes sure of it; it looks at nothing.
    ("see to it that", "make sure"),
    ("see that", "make sure"),
    ("gets emailed", "email"),
    ("let me know", "show me"),
    ("put {amount}", "charge {amount}"),
    // "a meeting room" is no hotel room.
    ("meeting room", "meeting-room"),
    ("conference room", "conference-room"),
    // What the user sees to themselves: "I'll find my own hotel", "staying with friends".
    ("my own", "not"),
    ("our own", "not"),
    ("staying with", "not staying with"),
    ("stay with", "not stay with"),
    ("does not", "not"),
    ("i will", "i'll"),
    ("we will", "we'll"),
];

/// `text` in lower case with [`PHRASES`] replaced and negations put before what they negate.
fn rewrite_phrases(text: &str) -> String {
    // First, so that "hotel not needed" negates the hotel before "not needed" reads as cancel.
    let mut out = prepose_negations(&join_split_particles(&text.to_lowercase()));
    for (phrase, word) in PHRASES {
        out = out.replace(&format!(" {phrase} "), &format!(" {word} "));
    }
    out
}

/// `word` without the punctuation around it ("hotel," is "hotel"; "won't" and "e-mail" keep
/// theirs): the form the lexicon is looked up in.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
}

/// Verbs whose particle may follow their object, and the one word they mean together:
/// "leave the hotel out" is "not the hotel", "give the money back" is "refund the money",
/// "call the flight off" is "cancel the flight".
const SPLIT_PARTICLES: [(&str, &str, &str); 11] = [
    ("put", "back", "refund"),
    ("keep", "off", "not"),
    ("leave", "out", "not"),
    ("leave", "off", "not"),
    // "drop me off at the hotel" is a ride there, no cancellation.
    ("drop", "off", "drop-off"),
    ("sort", "out", "arrange"),
    ("keep", "out", "not"),
    ("give", "back", "refund"),
    ("pay", "back", "refund"),
    ("call", "off", "cancel"),
    ("write", "off", "cancel"),
];

/// A verb and its particle split by the object ([`SPLIT_PARTICLES`]), up to four words
/// apart, made the one word they mean, before the object, where [`signature`] reads it.
fn join_split_particles(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    let mut i = 0;
    while i < words.len() {
        // The particle belongs to the verb only within its clause: "keep it, out of…" does not.
        let particle_at = |particle: &str| {
            (i + 2..words.len().min(i + 6))
                .take_while(|&j| !words[j - 1].ends_with([',', ';', '.', '!', '?']))
                .find(|&j| bare(&words[j]) == particle)
        };
        if let Some((j, particle, meaning)) = SPLIT_PARTICLES
            .iter()
            .filter(|(verb, ..)| words[i] == *verb)
            .find_map(|&(_, particle, meaning)| particle_at(particle).map(|j| (j, particle, meaning)))
        {
            // "out," gives its comma to the word before: the clause still ends there.
            let punctuation = words[j].trim_start_matches(particle).to_owned();
            words[i] = meaning.to_owned();
            words.remove(j);
            words[j - 1].push_str(&punctuation);
        }
        i += 1;
    }
    words.join(" ")
}

/// Nouns that make the ticket, seat or room after them something other than a flight or a
/// hotel: "a train ticket", "a car seat", "the meeting room".
const OTHER_KINDS: [&str; 30] = [
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

/// Whether the clause that `rest` opens says the user does it: "I'll find a hotel myself".
fn reflexive_ahead(rest: &[&str]) -> bool {
    rest.iter()
        .position(|w| ends_clause(w))
        .map_or(rest, |end| &rest[..=end])
        .iter()
        .any(|w| matches!(bare(w), "myself" | "ourselves"))
}

/// Nouns of a message: "a confirmation email".
const MESSAGE_NOUNS: [&str; 5] = ["email", "emails", "e-mail", "mail", "message"];

/// Whether money comes within the next few words of the clause `rest` opens: "the customer a
/// refund", "€40 back".
fn money_ahead(rest: &[&str]) -> bool {
    let end = rest.iter().position(|w| ends_clause(w)).map_or(rest.len(), |end| end + 1);
    rest[..end.min(4)]
        .iter()
        .any(|w| w.starts_with("{amount}") || matches!(lookup(bare(w)), Some((_, Meaning::Action(Action::Refund)))))
}

/// Whether the clause `rest` opens names facts about a flight or hotel within a few words:
/// "over the flight options", "me hotel rates".
fn info_ahead(rest: &[&str]) -> bool {
    let end = rest.iter().position(|w| ends_clause(w)).map_or(rest.len(), |end| end + 1);
    let words: Vec<&str> = rest[..end.min(5)].iter().map(|w| bare(w)).collect();
    words.windows(2).any(|pair| {
        matches!(lookup(pair[0]), Some((_, Meaning::Object(Object::Flight | Object::Hotel))))
            && ABOUT.contains(&pair[1])
    })
}

/// Whether `rest` opens with a list: "a list of", "us an overview of".
fn list_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().map(|w| bare(w)).skip_while(|w| matches!(*w, "me" | "us"));
    words.next().is_some_and(|w| DETERMINERS.contains(&w))
        && words.next().is_some_and(|w| matches!(w, "list" | "overview" | "selection" | "choice"))
}

/// Whether `rest` opens with money that moves: "a refund", "me a refund", "the charge".
fn money_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().map(|w| bare(w)).skip_while(|w| matches!(*w, "me" | "us"));
    words.next().is_some_and(|w| DETERMINERS.contains(&w))
        && words.next().is_some_and(|w| matches!(lookup(w), Some((_, Meaning::Action(Action::Pay | Action::Refund)))))
}

/// Whether `rest` opens with a message: "an email", "any emails", "the message".
fn message_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().map(|w| bare(w));
    matches!(words.next(), Some("a" | "an" | "the" | "any" | "no"))
        && matches!(words.next(), Some("email" | "emails" | "e-mail" | "mail" | "message" | "messages"))
}

/// Words that, negated after an object, say it is not wanted: "hotel not required".
const NEEDED: [&str; 6] = ["required", "needed", "necessary", "wanted", "included", "desired"];

/// Words that, after an object and "is", say it is seen to already: "the hotel is covered".
const SEEN_TO: [&str; 15] = [
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
const SEEN_TO_BY: [&str; 12] = [
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
fn referenced_object(reference: &str) -> Option<Object> {
    match reference.get(..3).map(str::to_ascii_uppercase).as_deref() {
        Some("FL-") => Some(Object::Flight),
        Some("HT-") => Some(Object::Hotel),
        Some("PM-") => Some(Object::Payment),
        _ => None,
    }
}

/// Whether `rest` opens with a number of nights: "2 nights", "for 3 nights".
fn duration_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().skip_while(|w| bare(w) == "for");
    words.next().is_some_and(|w| w.starts_with("{number}"))
}

/// Words that choose among what was named: "book the cheapest one".
const CHOICES: [&str; 12] = [
    "one", "ones", "cheapest", "earliest", "fastest", "quickest", "shortest", "best", "next", "second", "third",
    "cheaper",
];

/// Whether what follows "I have" within its clause is a flight or a hotel: "I have a room"
/// (not to be booked) but "I have a meeting in Oslo" (nothing said about rooms).
fn possession_ahead(rest: &[&str]) -> bool {
    rest.iter().take_while(|w| !ends_clause(w)).take(4).any(|w| {
        matches!(lookup(bare(w)), Some((_, Meaning::Object(Object::Flight | Object::Hotel) | Meaning::Both(..))))
    })
}

/// How many words of a copula open `rest`: "is", "has been", "will be" (0: none).
fn copula_length(rest: &[&str]) -> usize {
    let mut words = rest.iter().map(|w| bare(w));
    match (words.next(), words.next()) {
        (Some("has" | "have" | "had"), Some("been")) | (Some("will"), Some("be")) => 2,
        (Some("is" | "are" | "was" | "were"), _) => 1,
        _ => 0,
    }
}

/// "…, hotel not required" and "the hotel is not needed" negate the hotel: the negation is
/// moved before the object, where [`signature`] reads it ("not hotel").
fn prepose_negations(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    answer_labels_with_no(&mut words);
    let mut i = 0;
    while i < words.len() {
        let is_object = matches!(lookup(bare(words[i])), Some((_, Meaning::Object(_))));
        // "the hotel is not needed", "hotel: not needed" (the colon is a comma by now)
        let copula = usize::from(words.get(i + 1).is_some_and(|w| matches!(bare(w), "is" | "are") || *w == ","));
        let negation =
            words.get(i + 1 + copula).is_some_and(|w| matches!(bare(w), "not" | "isn't" | "aren't" | "none" | "no"));
        let needed = words.get(i + 2 + copula).is_some_and(|w| NEEDED.contains(&bare(w)));
        // "the hotel is (already) taken care of", "the hotel has been arranged"
        let to_be = copula_length(&words[i + 1..]);
        let already = usize::from(words.get(i + 1 + to_be).is_some_and(|w| bare(w) == "already"));
        // "the hotel is on me": the user sees to it too.
        let on_me = words.get(i + 1 + to_be).is_some_and(|w| bare(w) == "on")
            && words.get(i + 2 + to_be).is_some_and(|w| matches!(bare(w), "me" | "us"));
        let seen_to =
            to_be > 0 && (words.get(i + 1 + to_be + already).is_some_and(|w| SEEN_TO.contains(&bare(w))) || on_me);
        // "hotel I don't need", "hotel we do not want"
        let refused_by_user = user_refuses(&words[i + 1..]);
        // "…, hotel no": a bare "no" after the object closes its clause.
        let bare_no = words.get(i + 1).is_some_and(|w| matches!(bare(w), "no" | "not"))
            && words.get(i + 2).is_none_or(|w| bare(w).is_empty());
        if is_object && negation && needed {
            words.remove(i + 1 + copula);
            words.insert(i, "not");
            i += 3 + copula;
        } else if is_object && refused_by_user > 0 {
            words.drain(i + 1..i + 1 + refused_by_user);
            words.insert(i, "not");
            i += 2;
        } else if is_object && bare_no {
            words.remove(i + 1);
            words.insert(i, "not");
            i += 2;
        } else if is_object && seen_to {
            words.insert(i, "not");
            i += 4;
        } else {
            i += 1;
        }
    }
    format!(" {} ", words.join(" "))
}

/// A label answered "no" ("…; hotel: no", "email to x@y: no") refuses what it labels, and a
/// question answered "No" ("Cancel it? No, …") what it asks: the "no" is moved to the start of
/// its clause ("not hotel").
fn answer_labels_with_no(words: &mut Vec<&str>) {
    let is_punctuation = |w: &str| matches!(w, "," | "." | "?" | "!" | "-" | ";");
    let mut j = 1;
    while j < words.len() {
        let answered = matches!(words[j], "no" | "not")
            && words[j - 1] == ","
            && words.get(j + 1).is_none_or(|w| is_punctuation(w));
        // "Cancel FL-…? No, keep it": the answer refuses the question.
        let refused_question = matches!(words[j], "no" | "nope")
            && words[j - 1] == "?"
            && words.get(j + 1).is_none_or(|w| is_punctuation(w));
        if answered {
            let start = words[..j - 1].iter().rposition(|w| is_punctuation(w)).map_or(0, |at| at + 1);
            words.drain(j - 1..=j);
            words.insert(start, "not");
        } else if refused_question {
            let start = words[..j - 1].iter().rposition(|w| is_punctuation(w)).map_or(0, |at| at + 1);
            words.remove(j);
            words.insert(start, "not");
        }
        j += 1;
    }
}

/// How many words of "I don't need" (and the like) open `rest` after an object: "hotel I
/// don't need" refuses the hotel (0: none).
fn user_refuses(rest: &[&str]) -> usize {
    let words: Vec<&str> = rest.iter().take(4).map(|w| bare(w)).collect();
    let negation = match words.get(1..) {
        Some(["don't" | "dont" | "not", ..]) => 1,
        Some(["do", "not", ..]) => 2,
        _ => 0,
    };
    let wanting = words.get(1 + negation).is_some_and(|w| matches!(*w, "need" | "want" | "require"));
    if matches!(words.first(), Some(&("i" | "we"))) && negation > 0 && wanting { 2 + negation } else { 0 }
}

/// Words after which a verb of the lexicon is a noun ("the charge", "a bill").
const DETERMINERS: [&str; 8] = ["the", "a", "an", "this", "that", "my", "your", "their"];

/// Determiners that point at something that exists already: "my flight", "the hotel in Oslo".
/// Named with no verb, such an object is not booked ("Delay my flight", "Confirm the hotel"):
/// only an explicit verb or an indefinite mention ("a flight to Oslo") books.
const DEFINITE: [&str; 10] = ["the", "this", "that", "these", "those", "my", "our", "your", "their", "his"];

/// Words that are never verbs (prepositions, auxiliaries, adverbs): an unknown word among them
/// governs nothing ("take €40 from the card", "write to Ann about the invoice").
const FUNCTION_WORDS: [&str; 42] = [
    "from", "about", "into", "onto", "over", "under", "after", "before", "until", "till", "since", "during", "per",
    "as", "than", "across", "around", "between", "through", "towards", "toward", "within", "against", "off", "out",
    "back", "is", "are", "was", "were", "be", "been", "will", "shall", "there", "here", "have", "has", "had", "it's",
    "its", "that's",
];

/// Verbs of wanting: after one, a participle is what is wanted done ("I want payment PM-…
/// refunded"); elsewhere it tells what happened ("it was refunded") and asks for nothing.
const WANTING: [&str; 8] = ["want", "wants", "need", "needs", "like", "get", "require", "requires"];

/// A participle that asks for its action after a verb of wanting.
fn wanted_participle(word: &str, wanting: bool) -> Option<Meaning> {
    match word {
        "refunded" if wanting => Some(Meaning::Action(Action::Refund)),
        "booked" | "reserved" | "sorted" | "arranged" | "organised" | "organized" if wanting => {
            Some(Meaning::Action(Action::Book))
        }
        "cancelled" | "canceled" if wanting => Some(Meaning::Action(Action::Cancel)),
        _ => None,
    }
}

/// Whether `word` is a word the lexicon does not know and no function word: in a noun's
/// place, a thing the planner cannot act on ("selection", "upgrade").
fn unknown_noun(word: &str) -> bool {
    // "a flight booked", "a room sorted": a participle of wanting, no noun.
    !word.is_empty()
        && lookup(word).is_none()
        && !FUNCTION_WORDS.contains(&word)
        && wanted_participle(word, true).is_none()
}

/// Whether `word` closes its clause ("hotel," "flight;").
fn ends_clause(word: &str) -> bool {
    word.ends_with([',', ';', ':', '.', '!', '?'])
}

/// Words after which a noun phrase has ended: "a table | at the hotel".
const HEAD_ENDS: [&str; 8] = ["at", "in", "on", "for", "to", "with", "near", "from"];

/// Whether `word` closes its sentence ("refunded." "ok!").
fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?'])
}

/// Verbs that take an action noun as their object: "run a charge", "process a payment" charge.
const LIGHT_VERBS: [&str; 11] =
    ["run", "process", "put", "place", "initiate", "submit", "apply", "make", "take", "create", "add"];

/// Nouns of booking: after a light verb, a booking ("make a reservation for a flight").
const BOOKING_NOUNS: [&str; 4] = ["booking", "bookings", "reservation", "reservations"];

/// Nouns that, after a flight or hotel, ask about it: "flight times", "hotel prices". Named with
/// no verb, such an object is looked up.
const ABOUT: [&str; 14] = [
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
const ADJECTIVES: [&str; 10] =
    ["last", "latest", "recent", "previous", "first", "duplicate", "double", "wrong", "extra", "whole"];

/// Words that open a question: a question about flights or hotels asks to look, never to book.
/// An auxiliary opening a goal asks ("Do any airlines fly to Oslo", "Can I fly…"); an explicit
/// verb after it still counts ("Could you book a flight…").
const INTERROGATIVES: [&str; 16] = [
    "what", "which", "where", "when", "how", "is", "are", "any", "anything", "whats", "do", "does", "can", "could",
    "will", "would",
];

/// Verbs that embed a question: "I want to know which flights…", "tell me what…".
const ASKING: [&str; 7] = ["know", "tell me", "wonder", "wondering", "find out", "see", "check"];

/// Words that open an embedded question after [`ASKING`].
const EMBEDDED: [&str; 5] = ["which", "what", "whether", "if", "when"];

/// Whether the goal asks: it ends with "?" ("… to Dublin?"), opens with an interrogative
/// ("What flights are there…", "Are there rooms…") or embeds a question after a verb of asking
/// ("I want to know which flights go…"). In a question, objects named with no verb are
/// searched, not booked, and "flying" is looked up ("what's flying to Madrid?"); an explicit
/// verb still counts ("Could you book a flight to Paris?").
fn is_question(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let first = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').replace('\'', "").to_lowercase();
    let embedded = ASKING.iter().any(|verb| EMBEDDED.iter().any(|word| text.contains(&format!(" {verb} {word} "))));
    // "Do the check-in for my flight" is an order: an auxiliary before a determiner asks nothing.
    let second = text.split_whitespace().nth(1).map(bare).unwrap_or_default();
    let order = !matches!(first.as_str(), "what" | "which" | "any") && DETERMINERS.contains(&second);
    let interrogative = (INTERROGATIVES.contains(&first.as_str()) && !order) || embedded;
    interrogative || text.trim_end().ends_with('?')
}

/// The intents of a template: each action pairs with the objects that follow it until the
/// next action; an action with no object takes the one before it ("find and book a flight",
/// "the hotel in Perth, cancel it"); a negation applies until the next action or object it
/// governs. Safety first: in a question, objects with no verb are searched; a cancellation of
/// an object never comes with a booking of it.
pub fn signature(template: &Template) -> Signature {
    let mut intents = BTreeSet::new();
    // Intents no verb said: an object named alone ("a hotel in Oslo") or a word that is verb
    // and object at once ("staying"). A negation of the same intent overrides them.
    let mut unspoken = BTreeSet::new();
    let mut action: Option<(Action, bool)> = None;
    let mut paired = true;
    let mut pending: Vec<(Action, bool)> = Vec::new();
    let mut negated = false;
    let mut last_object: Option<Object> = None;
    let mut loose_money = false;
    let text = rewrite_phrases(&template.text);
    // What each booking reference names, in order: "Cancel FL-…" cancels a flight.
    let mut references = template
        .slots
        .iter()
        .filter(|slot| slot.kind == super::template::SlotKind::Reference)
        .map(|slot| referenced_object(&slot.value));
    // After the rewrite, so that "tell me which flights…" opens with its interrogative.
    let goal_asks = is_question(&text);
    let has_email = template.slots.iter().any(|s| s.kind == super::template::SlotKind::Email);
    let mut after_determiner = false;
    let mut definite = false;
    let mut after_light_verb = false;
    let mut light_phrase = false;
    let mut previous = "";
    let mut wanting = false;
    let mut previous_action: Option<Action> = None;
    // A word the lexicon does not know, in a verb's place, since the clause began: "I'd like to
    // see flights", "Move my flight". An object it governs is not asked to be booked.
    let mut unknown_verb = false;
    // A verb the lexicon does not know, right before what it acts on ("rebook my flight"):
    // the object it reaches is asked for, with an action no tool does.
    let mut foreign_verb = false;
    // Inside a noun phrase of words the lexicon does not know so far: "a late checkout".
    let mut unknown_phrase = false;
    let mut verb_phrase = false;
    let mut previous_unknown = false;
    let mut wanting_refused = false;
    // Whether only fillers came since the last clause ended.
    let mut clause_start = false;
    // Whether the current clause has said its verb yet.
    let mut verb_in_clause = false;
    // The rewritten text is lower case already.
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let sentence_asks = sentences_asking(&tokens);
    let by_surface =
        tokens.iter().any(|w| matches!(bare(w), "train" | "rail" | "bus" | "coach" | "ferry" | "boat" | "car"));
    let asks: Vec<bool> = sentence_asks.iter().map(|&asks| goal_asks || asks).collect();
    let inquiring = sentences_inquiring(&tokens, &asks);
    for (k, &word) in tokens.iter().enumerate() {
        // "Just checking: flights to Oslo? Don't book." asks in its first sentence only.
        let question = goal_asks || sentence_asks[k];
        let lower = bare(word);
        let next = tokens.get(k + 1).map(|w| (bare(w), w.starts_with('{')));
        // "flight times", "hotel prices": a noun the lexicon does not know after an object
        // makes the object its modifier.
        // "Flight booking to Oslo, please" asks for one; "flight booking FL-…" names one.
        let names_booking = tokens.get(k + 2).is_some_and(|w| w.starts_with("{reference}"));
        // "flight search": the search of flights, no flight asked for.
        let modifier = next.is_some_and(|(n, slot)| {
            !slot
                && !n.is_empty()
                && ((lookup(n).is_none() && (!BOOKING_NOUNS.contains(&n) || names_booking))
                    || matches!(lookup(n), Some((_, Meaning::Action(Action::Search)))))
        });
        // "the charge" is a payment, not a verb: "refund the charge" must not charge; but
        // "run a charge" and "process a payment" do.
        wanting = (wanting || WANTING.contains(&lower)) && !ends_sentence(word);
        // "We don't want a hotel booked": what is not wanted done is refused.
        if WANTING.contains(&lower) {
            wanting_refused = negated;
        }
        let participle = lookup(lower).is_none() && wanted_participle(lower, wanting).is_some();
        // "I'll book myself", "we will cancel it ourselves", "I'm staying at my sister's", "we
        // fly there on Friday": what the user does or will do, not a request. Looking is asked
        // for either way ("I'm looking for flights", "Can I fly to Oslo?").
        // "Could we book a flight…?" asks for it.
        let request = k >= 2 && matches!(bare(tokens[k - 2]), "can" | "could" | "may");
        let own_doing = matches!(previous, "i'll" | "we'll" | "i'm" | "we're" | "i" | "we") && !request;
        // "I'll find a hotel myself": a search the user does is no request either.
        let own = |a: Action| own_doing && (a != Action::Search || reflexive_ahead(&tokens[k..]));
        let referenced = if word.starts_with("{reference}") { references.next().flatten() } else { None };
        let meaning = match lookup(lower).map(|(_, m)| m).or_else(|| wanted_participle(lower, wanting)) {
            // "I have a room" refuses the room; "I have a meeting" says nothing.
            Some(Meaning::Filler) if lower == "i-have" && possession_ahead(&tokens[k + 1..]) => Some(Meaning::Negation),
            // "Cancel FL-…": a reference a verb waits for names its object.
            None if referenced.is_some() && action.is_some() && !paired => referenced.map(Meaning::Object),
            // "I've booked the hotel already", "my company arranges the hotel": seen to.
            None if SEEN_TO_BY.contains(&lower)
                && (matches!(previous, "i've" | "we've" | "i" | "we" | "already")
                    || (k >= 2 && DEFINITE.contains(&bare(tokens[k - 2])))) =>
            {
                Some(Meaning::Negation)
            }
            // "Is it cheaper to book a flight to Oslo?" asks about booking: it looks.
            Some(Meaning::Action(Action::Book)) if inquiring[k] => Some(Meaning::Action(Action::Search)),
            // "I need … a charge of €40": a charge asked for, not one referred to ("the charge").
            Some(Meaning::Action(Action::Pay)) if after_determiner && wanting && !definite && action.is_none() => {
                Some(Meaning::Action(Action::Pay))
            }
            Some(Meaning::Action(Action::Pay)) if after_determiner && !after_light_verb => {
                Some(Meaning::Object(Object::Payment))
            }
            // "refund charge PM-…": what is refunded, not a second way for money to go.
            Some(Meaning::Action(Action::Pay)) if matches!(previous_action, Some(Action::Refund | Action::Cancel)) => {
                Some(Meaning::Object(Object::Payment))
            }
            Some(Meaning::Object(Object::Payment)) if after_light_verb && action.is_none() => {
                Some(Meaning::Action(Action::Pay))
            }
            None if (after_light_verb || light_phrase) && BOOKING_NOUNS.contains(&lower) => {
                Some(Meaning::Action(Action::Book))
            }
            // "process the cancellation of flight FL-…"
            None if after_light_verb && matches!(lower, "cancellation" | "cancellations") => {
                Some(Meaning::Action(Action::Cancel))
            }
            // "send over the flight options": with no address to send to, they are shown.
            Some(Meaning::Action(Action::Send)) if !has_email && info_ahead(&tokens[k + 1..]) => {
                Some(Meaning::Action(Action::Search))
            }
            // "no booking", "hold off on booking": a refused booking, whatever it books.
            None if negated && BOOKING_NOUNS.contains(&lower) => Some(Meaning::Action(Action::Book)),
            // "after booking a flight": the gerund before its object is the verb.
            None if matches!(lower, "booking" | "reserving") && next.is_some_and(|(n, _)| DETERMINERS.contains(&n)) => {
                Some(Meaning::Action(Action::Book))
            }
            // "we'll stay 2 nights": how long, not the user's own place ("I'll stay with Ann").
            Some(Meaning::Both(_, Object::Hotel)) if own_doing && duration_follows(&tokens[k + 1..]) => {
                Some(Meaning::Filler)
            }
            // "my stay", "the flying time": after a determiner, a noun.
            Some(Meaning::Both(_, object)) if after_determiner => Some(Meaning::Object(object)),
            // "drop an email to x@y" writes one.
            Some(Meaning::Action(Action::Cancel)) if lower == "drop" && message_follows(&tokens[k + 1..]) => {
                Some(Meaning::Action(Action::Send))
            }
            // "a train ticket", "a car seat": the ticket or seat of something else.
            Some(Meaning::Object(_)) if OTHER_KINDS.contains(&previous) => None,
            // "the flight details", "the hotel confirmation": what the message is about.
            Some(Meaning::Object(_))
                if !ends_clause(word)
                    && next.is_some_and(|(n, _)| matches!(lookup(n), Some((_, Meaning::Object(Object::Message))))) =>
            {
                Some(Meaning::Filler)
            }
            // "the order of my flights", "a room with a view": after a determiner, a noun.
            Some(Meaning::Action(Action::Book)) if after_determiner && lookup(lower).is_some() => None,
            Some(Meaning::Action(Action::Search)) if after_determiner && matches!(lower, "view" | "show") => None,
            // "send the customer a refund", "send €40 back": money given, no message.
            Some(Meaning::Action(Action::Send)) if lower == "send" && money_ahead(&tokens[k + 1..]) => {
                Some(Meaning::Filler)
            }
            // "no confirmation email": the email is the message just named.
            Some(Meaning::Action(Action::Send))
                if MESSAGE_NOUNS.contains(&lower)
                    && matches!(lookup(previous), Some((_, Meaning::Object(Object::Message)))) =>
            {
                Some(Meaning::Filler)
            }
            // "travel there by train": travel that is no flight.
            Some(Meaning::Object(Object::Flight)) if lower == "travel" && by_surface => None,
            // "{EMAIL} should not get an email", "get me a refund": getting a message is being
            // sent one, getting a refund being refunded; neither books anything.
            // "get a list of flights", "get the flight prices": facts got are looked up.
            Some(Meaning::Action(Action::Book))
                if lower == "get"
                    && (message_follows(&tokens[k + 1..])
                        || money_follows(&tokens[k + 1..])
                        || list_follows(&tokens[k + 1..])
                        || info_ahead(&tokens[k + 1..])) =>
            {
                Some(Meaning::Filler)
            }
            meaning => meaning,
        };
        previous_action = match meaning {
            Some(Meaning::Action(a)) => Some(a),
            _ => None,
        };
        // "my last charge", "my {LOCATION} flight": a few adjectives and slots keep the
        // determiner's reach ("For my manager: charge €45" is a verb).
        // "the hotel room", "my flight booking": a noun after a noun keeps the determiner too.
        let keeps_reach =
            ADJECTIVES.contains(&lower) || word.starts_with('{') || matches!(meaning, Some(Meaning::Object(_)));
        let was_definite = definite;
        let was_governed = unknown_verb;
        // "book the first one", "the cheapest": a choice among what was named, no thing unknown.
        let choice = ADJECTIVES.contains(&lower) || CHOICES.contains(&lower);
        let unknown_word = meaning.is_none()
            && !word.starts_with('{')
            && !lower.is_empty()
            && !FUNCTION_WORDS.contains(&lower)
            && !choice;
        if WANTING.contains(&lower) {
            unknown_verb = false;
        } else if unknown_word
            && !paired
            && action.is_some_and(|(a, negated)| a != Action::Search && !negated)
            // "the booking at the hotel" books the hotel; "the dinner reservation at the hotel" does not.
            && (!BOOKING_NOUNS.contains(&lower) || previous_unknown)
            && ((unknown_phrase
                && action.is_some_and(|(a, _)| matches!(a, Action::Book | Action::Cancel))
                && (ends_clause(word) || next.is_none_or(|(n, _)| HEAD_ENDS.contains(&n))))
                || (verb_phrase && next.is_some_and(|(n, _)| HEAD_ENDS.contains(&n))))
        {
            // "Get me a late checkout at the hotel", "cancel the upgrade on my flight", "a refund
            // voucher for the flight": the verb acts on a thing the planner does not know, and
            // the flight or hotel after it is only where that thing is. It is asked for with an
            // action no tool does.
            action = None;
            paired = true;
            foreign_verb = true;
        } else if unknown_word && !after_determiner {
            unknown_verb = true;
            // A verb is followed by what it acts on; an adjective ("round-trip flights") is not,
            // and a light verb takes an action noun ("make a reservation", "take a payment").
            foreign_verb = !LIGHT_VERBS.contains(&lower)
                && next.is_some_and(|(n, _)| DETERMINERS.contains(&n) || matches!(n, "me" | "us"));
        }
        // A clause opened by a verb the lexicon does not know ends the reach of the verb before
        // it: "Book a flight, wait for the hotel" books no hotel.
        if unknown_word && clause_start && paired {
            action = None;
        }
        clause_start = clause_start && matches!(meaning, Some(Meaning::Filler));
        // A determiner opens a noun phrase that words the lexicon does not know continue.
        // "one that fits", "a flight that leaves early": "that" relates, it determines nothing.
        let relative = lower == "that"
            && (CHOICES.contains(&previous)
                || ADJECTIVES.contains(&previous)
                || matches!(lookup(previous), Some((_, Meaning::Object(_)))));
        let determiner = DETERMINERS.contains(&lower) && !relative;
        unknown_phrase = determiner || (unknown_phrase && unknown_word);
        previous_unknown = unknown_word && !BOOKING_NOUNS.contains(&lower);
        // A verb opens one too, which a preposition ends: "order flowers for my room".
        verb_phrase = matches!(meaning, Some(Meaning::Action(_))) || (verb_phrase && unknown_word);
        if matches!(meaning, Some(Meaning::Action(_) | Meaning::Both(..))) {
            foreign_verb = false;
        }
        // "make hotel reservation", "make booking": a light verb's object with no determiner.
        light_phrase = LIGHT_VERBS.contains(&lower)
            || (light_phrase
                && matches!(meaning, Some(Meaning::Object(_)) | Some(Meaning::Filler))
                && !ends_clause(word));
        after_light_verb =
            (determiner && LIGHT_VERBS.contains(&previous)) || (after_light_verb && (after_determiner && keeps_reach));
        // "just the flight, no hotel" picks what to book among what was offered.
        definite = (DEFINITE.contains(&lower) && !matches!(previous, "just" | "only")) || (definite && keeps_reach);
        after_determiner = determiner || (after_determiner && keeps_reach);
        // A determiner's reach ends with its clause: "a hotel, bill €40" bills.
        let clause_ends = ends_clause(word);
        clause_start |= clause_ends;
        if clause_ends {
            (after_determiner, definite, after_light_verb, unknown_verb, foreign_verb) =
                (false, false, false, false, false);
        }
        previous = lower;
        match meaning {
            Some(Meaning::Negation) => negated = true,
            Some(Meaning::Action(a)) if !paired && action.is_some_and(|(current, _)| current == a) => {
                action = action.map(|(current, neg)| (current, neg || negated));
                negated = false;
            }
            Some(Meaning::Action(a)) => {
                verb_in_clause = true;
                if let Some(previous) = action.filter(|_| !paired) {
                    pending.push(previous);
                }
                // "How do I get a refund?", "What if you cancel it?": asked about, not for.
                let refused = participle && wanting_refused;
                action = Some((a, negated || refused || own(a) || (inquiring[k] && a != Action::Search)));
                paired = false;
                negated = false;
            }
            Some(Meaning::Object(object)) => {
                last_object = Some(object);
                for (p, pneg) in pending.drain(..) {
                    intents.insert(Intent { negated: pneg, action: p, object });
                }
                let about = next.is_some_and(|(n, _)| ABOUT.contains(&n));
                // "Give me flight times": what is given to the user about an object is looked up.
                let told = about && tokens[k.saturating_sub(3)..k].iter().any(|w| matches!(bare(w), "me" | "us"));
                if foreign_verb && !negated && !question && !told {
                    intents.insert(Intent { negated: false, action: Action::Other, object });
                    foreign_verb = false;
                }
                // "so no hotel" refuses the hotel whatever governs it.
                let referred = !negated && (was_definite || was_governed || modifier);
                // "Flights to Oslo on Friday": named in the plural with no verb, they are
                // looked at; one is booked ("A flight to Oslo on Friday").
                let plural = action.is_none() && lower.ends_with('s') && !referred;
                let asks = question || ((about || plural) && matches!(object, Object::Flight | Object::Hotel));
                // "Cancel my seat selection on the flight", "book a flight upgrade": the verb
                // acts on a thing the planner does not know, which the object only names.
                let heads_unknown =
                    next.is_some_and(|(n, slot)| {
                        !slot && unknown_noun(n) && !ABOUT.contains(&n) && !BOOKING_NOUNS.contains(&n)
                    }) && tokens.get(k + 2).map(|w| bare(w)).is_none_or(|n| n.is_empty() || HEAD_ENDS.contains(&n));
                let verb = action.filter(|_| !paired);
                // "…, a charge of €40": money named with no verb before it.
                loose_money |= object == Object::Payment && action.is_none() && !referred && !negated && !question;
                if heads_unknown && verb.is_some_and(|(a, _)| matches!(a, Action::Book | Action::Cancel)) {
                    if !negated && !question {
                        intents.insert(Intent { negated: false, action: Action::Other, object });
                    }
                    action = None;
                } else {
                    // "…; the hotel has been arranged": the subject of a clause of its own is
                    // not what an earlier verb acts on, nor asked for.
                    // "the hotel is needed too" still asks for it.
                    let to_be = copula_length(&tokens[k + 1..]);
                    let wanted = tokens.get(k + 1 + to_be).is_some_and(|w| NEEDED.contains(&bare(w)));
                    let subject = paired && !negated && to_be > 0 && !wanted;
                    let chosen = match action {
                        Some(said) if !subject => Some((said, false)),
                        _ => default_action(object, asks, referred || subject).map(|a| ((a, false), true)),
                    };
                    if let Some(((a, was_negated), by_default)) = chosen {
                        let intent = Intent { negated: was_negated || negated, action: a, object };
                        if by_default {
                            unspoken.insert(intent);
                        }
                        intents.insert(intent);
                    }
                }
                paired = true;
                negated = false;
            }
            Some(Meaning::Both(a, object)) => {
                // "Can I fly to Oslo on Friday?" asks what is possible: it looks.
                // "Check the cheapest way to fly to Oslo": flying looked up by its clause's verb.
                let looked_up = verb_in_clause && action.is_some_and(|(said, _)| said == Action::Search);
                let a = if (question || looked_up) && a == Action::Book { Action::Search } else { a };
                // "Flying to Oslo, can you book that?": what a later verb refers back to.
                last_object = Some(object);
                let intent = Intent { negated: negated || own(a), action: a, object };
                unspoken.insert(intent);
                intents.insert(intent);
                negated = false;
            }
            _ => {}
        }
        // A negation that reached nothing after it refuses the verb of its clause before it:
        // "x@y doesn't need to hear about it" (the address is the verb of sending).
        if (clause_ends || k + 1 == tokens.len()) && negated && verb_in_clause && !paired {
            action = action.map(|(a, _)| (a, true));
        }
        // A negation's reach ends with its clause too: "I'm not going any more, so cancel it".
        if clause_ends {
            negated = false;
            verb_in_clause = false;
        }
        // A verb does not reach into a question after it: "Book a flight. Any hotel deals?"
        if ends_sentence(word) && sentence_asks.get(k + 1).copied().unwrap_or_default() {
            if let Some(said) = action.take().filter(|_| !paired) {
                pending.push(said);
            }
            paired = true;
        }
    }
    if let Some((a, neg)) = action.filter(|_| !paired) {
        pending.push((a, neg));
    }
    for (a, neg) in pending {
        let object = match a {
            Action::Send => Some(Object::Message),
            Action::Pay | Action::Refund => Some(Object::Payment),
            Action::Book | Action::Cancel | Action::Search | Action::Other => last_object,
        };
        if let Some(object) = object {
            intents.insert(Intent { negated: neg, action: a, object });
        }
    }
    // Money named with no verb anywhere that says which way it goes ("handle my trip: a
    // flight, a charge of €40") is asked for with nothing the planner can do safely: planning
    // the rest would do less than was asked.
    if loose_money && !intents.iter().any(|i| matches!(i.action, Action::Pay | Action::Refund | Action::Cancel)) {
        intents.insert(Intent { negated: false, action: Action::Other, object: Object::Payment });
    }
    if has_email && !intents.iter().any(|i| i.action == Action::Send) {
        intents.insert(Intent { negated: false, action: Action::Send, object: Object::Message });
    }
    without_contradictions(normalise(without_refused(intents, &unspoken)))
}

/// Per token, whether its sentence asks about something rather than for it: a question opened
/// by a word that asks for information ("Is it cheaper to book…?", "How do I cancel…?"), not by
/// a request ("Could you book…?").
fn sentences_inquiring(tokens: &[&str], asks: &[bool]) -> Vec<bool> {
    let mut inquiring = vec![false; tokens.len()];
    let mut start = 0;
    for (k, word) in tokens.iter().enumerate() {
        if ends_sentence(word) || k + 1 == tokens.len() {
            let opener = bare(tokens[start]).replace('\'', "");
            // "Do not book a hotel" is an order.
            let order = tokens.get(start + 1).is_some_and(|w| bare(w) == "not");
            inquiring[start..=k].fill(asks[k] && INQUIRING.contains(&opener.as_str()) && !order);
            start = k + 1;
        }
    }
    inquiring
}

/// Words that open a question for information: a verb in it is asked about, not asked for.
const INQUIRING: [&str; 17] = [
    "what", "whats", "which", "where", "when", "how", "why", "whether", "is", "are", "was", "were", "does", "do",
    "did", "should", "shall",
];

/// Per token, whether its sentence is a question: one that ends with "?" asks even when the
/// goal goes on ("Flights to Oslo on Friday? Don't book yet.").
fn sentences_asking(tokens: &[&str]) -> Vec<bool> {
    let mut asks = vec![false; tokens.len()];
    let mut start = 0;
    for (k, word) in tokens.iter().enumerate() {
        if ends_sentence(word) {
            asks[start..=k].fill(word.ends_with('?'));
            start = k + 1;
        }
    }
    asks
}

/// Words that say something is not wanted; with them, any word ending in "n't".
const NEGATION_CUES: [&str; 20] = [
    "not", "no", "never", "without", "nothing", "none", "neither", "nor", "dont", "doesnt", "didnt", "wont", "cant",
    "isnt", "arent", "shouldnt", "wouldnt", "havent", "hasnt", "aint",
];

/// A word of the goal that says "not" where its signature neither refuses nor cancels
/// anything: "Book me a flight to Oslo, can't wait" says "not" about something the planner
/// did not place. Planning the rest anyway could do exactly what was refused, so the goal is
/// refused instead, naming the word. A condition ("…if it costs less than €200", "unless…")
/// is never placed: the planner cannot check it, and planning without it would do what was
/// asked only on a condition.
pub fn unexplained_negation(template: &Template, signature: &Signature) -> Option<String> {
    // The rewritten text: phrases the lexicon understands ("and nothing else") are gone.
    let text = rewrite_phrases(&template.text);
    let words: Vec<&str> = text.split_whitespace().map(bare).collect();
    if let Some(condition) = condition(&words) {
        return Some(condition.to_owned());
    }
    if signature.0.iter().any(|i| i.negated || i.action == Action::Cancel) {
        return None;
    }
    words.into_iter().find(|w| NEGATION_CUES.contains(w) || w.ends_with("n't")).map(str::to_owned)
}

/// The word that makes a task depend on a condition: "unless", "if" (not an embedded question,
/// "check if", nor a courtesy, "if possible"), "provided that".
fn condition<'a>(words: &[&'a str]) -> Option<&'a str> {
    words.iter().enumerate().find_map(|(k, &word)| {
        let before = k.checked_sub(1).map(|j| words[j]);
        let after = words.get(k + 1).copied();
        let conditional = match word {
            "unless" => true,
            "if" => {
                // "check if…", "wondering if…" ask; "if possible", "if I want to…" are courtesies.
                !before.is_some_and(|w| {
                    matches!(w, "know" | "check" | "see" | "wonder" | "wondering" | "ask" | "out" | "search")
                }) && !after.is_some_and(|w| {
                    matches!(w, "so" | "possible" | "you" | "available" | "necessary" | "needed" | "i" | "we")
                })
            }
            "provided" => after == Some("that"),
            _ => false,
        };
        conditional.then_some(word)
    })
}

/// Objects named with no action before them: "a hotel in Rome" means book one, unless the
/// goal is a question ("what flights are there…?"), which asks to look, or the object is
/// `referred` to rather than asked for: one that exists already ("delay my flight", "confirm
/// the hotel") or one a verb the planner does not know governs ("I'd like to see flights"),
/// which asks for nothing it can do. Money never moves
/// without a verb that says which way: a payment named with none ("sort out payment PM-…")
/// asks for nothing the planner knows, and is refused rather than charged.
const fn default_action(object: Object, question: bool, referred: bool) -> Option<Action> {
    match object {
        Object::Payment => None,
        Object::Message => Some(Action::Send),
        Object::Flight | Object::Hotel if question => Some(Action::Search),
        Object::Flight | Object::Hotel if referred => None,
        Object::Flight | Object::Hotel => Some(Action::Book),
    }
}

/// A goal that cancels something never books it too: "I won't need the hotel, cancel it"
/// mentions the hotel before the verb, which alone would read as booking one.
fn without_contradictions(signature: Signature) -> Signature {
    let cancelled: BTreeSet<Object> =
        signature.0.iter().filter(|i| !i.negated && i.action == Action::Cancel).map(|i| i.object).collect();
    Signature(
        signature.0.into_iter().filter(|i| !(i.action == Action::Book && cancelled.contains(&i.object))).collect(),
    )
}

/// What a goal says not to do is not done where nothing but a noun asked for it: in "I'm
/// staying with friends, so no hotel", "staying" would book the hotel that "no hotel" refuses,
/// and in "A hotel in Oslo. Actually, don't book it." the hotel named with no verb would be
/// booked. An intent a verb said stays: the refusal may reach past its object ("book a flight
/// but not a hotel (work travel)").
fn without_refused(intents: BTreeSet<Intent>, unspoken: &BTreeSet<Intent>) -> BTreeSet<Intent> {
    let refused: BTreeSet<(Action, Object)> =
        intents.iter().filter(|i| i.negated).map(|i| (i.action, i.object)).collect();
    intents
        .into_iter()
        .filter(|i| i.negated || !(unspoken.contains(i) && refused.contains(&(i.action, i.object))))
        .collect()
}

/// "send … payment/flight details" is a message about them, not an action on them; "pay for
/// a flight" is a payment.
fn normalise(intents: BTreeSet<Intent>) -> Signature {
    Signature(
        intents
            .into_iter()
            .map(|i| match (i.action, i.object) {
                (Action::Other, _) => i,
                (Action::Send, _) => Intent { object: Object::Message, ..i },
                (Action::Pay, _) => Intent { object: Object::Payment, ..i },
                (Action::Refund, _) => Intent { object: Object::Payment, ..i },
                (_, Object::Message) => Intent { action: Action::Send, ..i },
                // "Arrange a flight and a payment of €40": booking money says not which way.
                (Action::Book | Action::Search, Object::Payment) => Intent { action: Action::Other, ..i },
                _ => i,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;
    use crate::planner::template::extract;

    fn sig(goal: &str) -> String {
        let now = Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
        signature(&extract(goal, now)).to_string()
    }

    #[test]
    fn actions_pair_with_their_objects() {
        assert_eq!(sig("Book a flight to Paris tomorrow"), "book:flight");
        assert_eq!(
            sig("Book a flight to Paris and send the confirmation to john@example.com"),
            "book:flight,send:message"
        );
        assert_eq!(sig("Reserve a plane ticket to Paris"), "book:flight");
        assert_eq!(sig("Fly to Rome and stay in a hotel"), "book:flight,book:hotel");
        assert_eq!(sig("Find and book a hotel in Rome"), "book:hotel,search:hotel");
        assert_eq!(sig("Search flights to Oslo"), "search:flight");
        assert_eq!(sig("Pay $120"), "pay:payment");
        assert_eq!(sig("Refund payment PM-12AB34CD"), "refund:payment");
        assert_eq!(sig("Refund the charge of 40 EUR"), "refund:payment", "the charge is what is refunded");
        assert_eq!(sig("Reverse my last charge"), "refund:payment");
        assert_eq!(sig("Email ann@example.org"), "send:message");
    }

    #[test]
    fn opposites_and_negations_change_the_signature() {
        assert_eq!(sig("Cancel my flight to Paris"), "cancel:flight");
        assert_eq!(sig("Book a flight to Paris but do not book a hotel"), "book:flight,!book:hotel");
        assert_eq!(sig("Book a flight to Paris without a hotel"), "book:flight,!book:hotel");
        assert_eq!(sig("Don't send an email, just book the flight"), "book:flight,!send:message");
        assert_ne!(sig("Book a flight to Paris"), sig("Cancel a flight to Paris"));
        assert_ne!(sig("Book a flight to Paris"), sig("Search a flight to Paris"));
    }

    #[test]
    fn questions_never_book_and_cancellations_never_book() {
        // Phrasings written apart from the lexicon above.
        for question in [
            "What flights are there to Dublin this Saturday?",
            "What flights go to Istanbul next Monday?",
            "Which flights leave for Oslo tomorrow",
            "Are there any planes to Rome on Friday?",
            "Any seats to Lisbon next week?",
            "what's flying to Madrid tomorrow?",
            "Is there a hotel in Perth for Friday?",
            "How many rooms are free in Vienna tomorrow?",
            "Tell me which trains or flights go to Bern tomorrow",
            "We would like to find out whether planes fly to Bern on Monday",
            "Pull up the flight schedule to Porto",
        ] {
            let sig = sig(question);
            assert!(!sig.contains("book") && !sig.contains("pay") && !sig.contains("refund"), "{question}: {sig}");
        }
        assert_eq!(sig("Could you book a flight to Paris tomorrow?"), "book:flight", "an explicit verb still counts");
        for cancel in [
            "Call off the plane booking to Denver",
            "I won't need the hotel in Perth anymore, cancel it",
            "Please drop my hotel reservation HT-77B2C0DE",
            "I no longer need the flight FL-1A2B3C4D",
            "The hotel in Rome, scrap it",
        ] {
            let sig = sig(cancel);
            assert!(!sig.split(',').any(|i| i.starts_with("book")), "{cancel}: {sig}");
        }
        assert_eq!(sig("Call off the plane booking to Denver"), "cancel:flight");
        assert_eq!(sig("I won't need the hotel in Perth anymore, cancel it"), "cancel:hotel");
        assert_eq!(sig("We are no longer staying in Oslo, so cancel the hotel"), "cancel:hotel");
        // Written apart from the corpora: what is not needed, or already had, is not booked.
        assert_eq!(sig("Book a flight to Oslo, the hotel is not needed"), "book:flight,!book:hotel");
        assert_eq!(sig("Fly me to Oslo; accommodation not required"), "book:flight,!book:hotel");
        assert_eq!(sig("Get a flight to Oslo, I already have a room"), "book:flight,!book:hotel");
        assert_eq!(sig("I have to cancel my hotel in Oslo"), "cancel:hotel", "an obligation, not a possession");
        assert_eq!(sig("Fly to Oslo; we stay with family, so no hotel"), "book:flight,!book:hotel", "no wins");
        assert_eq!(sig("We have a hotel in Oslo, just fly us there"), "book:flight,!book:hotel");
    }

    #[test]
    fn possession_by_others_and_split_particles() {
        // Written apart from the corpora: "have" negates only what the user has.
        assert_eq!(sig("Do those airlines have seats to Oslo on Friday?"), "search:flight");
        assert_eq!(sig("Which hotels have rooms in Bergen tomorrow?"), "search:hotel");
        assert_eq!(sig("Put us up at a hotel in Bergen for 2 nights"), "book:hotel");
        assert_eq!(sig("Pay the customer back their 30 EUR"), "refund:payment");
        assert_eq!(sig("Call the hotel in Oslo off"), "cancel:hotel");
        assert_eq!(sig("Leave the hotel out and book the flight to Oslo"), "book:flight,!book:hotel");
    }

    #[test]
    fn asking_about_and_clauses() {
        // Written apart from the corpora.
        assert_eq!(sig("Hotel rates in Bergen for Friday"), "search:hotel", "looked up, never booked");
        assert_eq!(sig("Flight fares to Oslo next week"), "search:flight");
        assert_eq!(sig("I was wondering whether anything flies to Oslo on Friday"), "search:flight");
        assert_eq!(sig("What can I reach by air in Norway tomorrow"), "search:flight");
        assert_eq!(sig("I won't travel to Oslo after all, so cancel the flight"), "cancel:flight");
        assert_eq!(sig("Fly me to Oslo; I'll sort out my own hotel"), "book:flight,!book:hotel");
    }

    #[test]
    fn what_the_user_does_or_has_is_not_asked_for() {
        // Written apart from the corpora.
        assert_eq!(sig("Search flights to Oslo for Friday; we will book them ourselves"), "search:flight,!book:flight");
        assert_eq!(sig("Fly us to Oslo on Monday, we're staying with cousins"), "book:flight,!book:hotel");
        assert_eq!(sig("Book a hotel in Oslo, ann@example.org does not need an email"), "book:hotel,!send:message");
        assert_eq!(sig("Book me a table at the hotel in Oslo"), "other:hotel", "a table is not a room");
        assert_eq!(sig("Cancel the spa treatment at my hotel in Oslo"), "other:hotel", "the hotel stays booked");
        assert_eq!(sig("Book me a nice hotel in Oslo"), "book:hotel", "an adjective before the object");
        assert_eq!(sig("Cancel the booking for the hotel in Oslo"), "cancel:hotel");
        assert_eq!(sig("We need a hotel in Oslo and a charge of 40 EUR"), "book:hotel,pay:payment");
        assert_eq!(sig("We need the charge of 40 EUR refunded"), "refund:payment", "the charge exists");
    }

    #[test]
    fn a_question_sentence_asks_and_what_is_forbidden_is_not_done() {
        // Written apart from the corpora.
        assert_eq!(sig("Flights to Oslo on Friday? Not booking yet."), "search:flight,!book:flight");
        assert_eq!(sig("Planes to Oslo on Friday? Do not book."), "search:flight,!book:flight");
        assert_eq!(sig("A hotel in Oslo for 2 nights. Actually, do not book it."), "!book:hotel");
        assert_eq!(sig("Book a flight to Oslo. Any hotel deals there?"), "book:flight,search:hotel");
    }

    #[test]
    fn named_alone_in_the_plural_looked_at_and_unknown_heads_refused() {
        // Written apart from the corpora.
        assert_eq!(sig("Hotels in Bergen on Friday"), "search:hotel");
        assert_eq!(sig("Planes to Oslo next week, cheapest first"), "search:flight");
        assert_eq!(sig("A flight to Oslo on Friday"), "book:flight", "one is booked");
        assert_eq!(sig("Book a hotel shuttle for Friday"), "other:hotel", "a shuttle is not a room");
        assert_eq!(sig("Cancel my flight upgrade"), "other:flight", "the flight stays");
        assert_eq!(sig("Book a hotel there for 2 nights"), "book:hotel");
        assert_eq!(sig("Arrange my Oslo trip: a flight and a payment of 40 EUR"), "book:flight,other:payment");
        assert_eq!(sig("Flying to Oslo tomorrow? Book it"), "book:flight,search:flight");
        assert_eq!(sig("Get us to Bergen on Friday"), "book:flight");
        assert_eq!(sig("Put us in a hotel in Bergen for 2 nights"), "book:hotel");
        assert_eq!(
            sig("Book a room in Bergen and make sure ann@example.org receives the details"),
            "book:hotel,send:message"
        );
    }

    #[test]
    fn what_the_user_is_doing_or_has_seen_to_is_not_booked() {
        // Written apart from the corpora.
        assert_eq!(sig("Fly me to Oslo on Friday, we're staying at a friend's place"), "book:flight,!book:hotel");
        assert_eq!(sig("Book a flight to Oslo, the room is already sorted"), "book:flight,!book:hotel");
        assert_eq!(sig("Fly me to Oslo on Friday. Room: not required."), "book:flight,!book:hotel");
        assert_eq!(sig("Tell me about hotels in Oslo"), "search:hotel");
        assert_eq!(sig("Get rid of my hotel in Oslo"), "cancel:hotel");
        assert_eq!(sig("We fly to Oslo on Friday, book a hotel there for 2 nights"), "book:hotel,!book:flight");
        assert_eq!(sig("I'm looking for flights to Oslo"), "search:flight", "looking is asked for");
        assert_eq!(sig("Arrange transport for my flight to Oslo"), "other:flight", "transport is not a flight");
        assert_eq!(sig("After reserving a room in Oslo, email ann@example.org"), "book:hotel,send:message");
    }

    #[test]
    fn rooms_that_are_no_hotel_rooms_and_addresses_that_are_dropped_a_line() {
        // Written apart from the corpora.
        assert_eq!(sig("We no longer need the room in Oslo"), "cancel:hotel");
        assert_eq!(sig("Book a conference room at the hotel in Oslo"), "other:hotel");
        assert!(sig("Get us a refund voucher for the flight to Oslo").contains("other:flight"));
        assert_eq!(sig("Book a hotel in Oslo and drop ann@example.org a note"), "book:hotel,send:message");
        assert_eq!(sig("Let me know the planes to Oslo tomorrow"), "search:flight");
        assert_eq!(sig("Put 40 EUR on the card"), "pay:payment");
        assert_eq!(sig("Cancel the spa booking at my hotel in Oslo"), "other:hotel", "the hotel stays booked");
        assert_eq!(sig("Cancel the booking at my hotel in Oslo"), "cancel:hotel");
        assert_eq!(sig("Cancel the hotel booked in Oslo"), "cancel:hotel");
        assert_eq!(sig("It would help if you booked a room in Oslo"), "book:hotel");
    }

    #[test]
    fn sorted_out_debited_given_and_got() {
        // Written apart from the corpora.
        assert_eq!(sig("Sort us out a hotel in Bergen for 2 nights"), "book:hotel");
        assert_eq!(sig("Debit 40 EUR from the guest's card"), "pay:payment");
        assert_eq!(sig("Give us hotel rates in Bergen for Friday"), "search:hotel", "looked up, never booked");
        assert_eq!(sig("Give me a flight to Oslo"), "other:flight", "which, unasked, is not guessed");
        assert_eq!(sig("Book a room in Oslo; ann@example.org must not get any emails"), "book:hotel,!send:message");
        assert_eq!(sig("Book a room in Oslo so that ann@example.org gets an email"), "book:hotel,send:message");
    }

    #[test]
    fn tickets_of_other_kinds_dropped_emails_and_own_searches() {
        // Written apart from the corpora.
        assert_eq!(sig("Cancel my bus ticket to Bergen"), "", "no flight is cancelled");
        assert_eq!(sig("Book a concert ticket in Oslo"), "", "no flight is booked");
        assert_eq!(sig("Book a business class seat to Oslo"), "book:flight");
        assert_eq!(sig("Book a room in Oslo and drop a message to ann@example.org"), "book:hotel,send:message");
        assert_eq!(sig("Fly me to Oslo; we'll look for a hotel ourselves"), "book:flight,!search:hotel");
        assert_eq!(sig("Kill my hotel booking in Oslo"), "cancel:hotel");
        assert_eq!(sig("Refund all of payment PM-12AB34CD"), "refund:payment");
        assert_eq!(sig("Trip to Oslo: a flight, 40 EUR charged"), "book:flight,pay:payment");
        assert_eq!(sig("Refund the 40 EUR charged on Monday"), "refund:payment", "what was charged is refunded");
    }

    #[test]
    fn a_negation_after_its_verb_and_a_booking_asked_for_by_name() {
        // Written apart from the corpora.
        assert_eq!(sig("Book a room in Oslo; ann@example.org must not be told"), "book:hotel,!send:message");
        assert_eq!(sig("Charge 40 EUR, not tomorrow"), "pay:payment", "the negation's clause has no verb");
        assert_eq!(sig("Hotel booking in Bergen for Friday, 2 nights"), "book:hotel");
        assert_eq!(sig("Hotel booking HT-12AB34CD, cancel it"), "cancel:hotel");
        assert_eq!(sig("We're exploring flights to Oslo"), "search:flight");
    }

    #[test]
    fn what_is_asked_about_reminded_of_or_ridden_to_is_not_done() {
        // Written apart from the corpora: none of these books, cancels, charges or refunds.
        for goal in [
            "Is it cheaper to book a flight to Oslo now?",
            "Should we reserve a hotel in Bergen for Friday?",
            "How would I cancel my hotel in Oslo?",
            "What happens if you refund payment PM-12AB34CD?",
            "Why did you charge 40 EUR?",
            "Remind me to book a flight to Oslo",
            "Drop us off at the hotel in Bergen",
        ] {
            let sig = sig(goal);
            assert!(
                sig.split(',').all(|i| i.starts_with('!') || i.starts_with("search") || i.starts_with("other")),
                "{goal}: {sig}"
            );
        }
        assert_eq!(sig("Could you book a flight to Oslo tomorrow?"), "book:flight", "a request still books");
        assert_eq!(sig("Do not book a flight to Oslo"), "!book:flight", "an order, no question");
        assert_eq!(sig("Don't forget to book a hotel in Bergen"), "book:hotel");
        assert_eq!(sig("Please get us a refund for payment PM-12AB34CD"), "refund:payment");
        assert_eq!(sig("Flights to Oslo? Book the cheapest one."), "book:flight,search:flight");
    }

    #[test]
    fn orders_opened_by_an_auxiliary_and_what_is_not_wanted_done() {
        // Written apart from the corpora.
        assert_eq!(sig("Do the seat selection for my flight to Oslo"), "", "an order about a thing no tool does");
        assert_eq!(sig("Do any airlines fly to Oslo tomorrow"), "search:flight");
        assert_eq!(sig("I don't want the flight to Oslo booked"), "!book:flight");
        assert_eq!(sig("I want the room in Bergen reserved for 2 nights"), "book:hotel");
        assert_eq!(sig("Book a room in Oslo but leave ann@example.org off the mailing"), "book:hotel,!send:message");
        assert_eq!(sig("Create a hotel reservation in Bergen for 2 nights"), "book:hotel");
        assert_eq!(sig("Please tell us the hotel rates in Bergen"), "search:hotel");
        assert_eq!(sig("Book a room in Oslo and see that ann@example.org is emailed"), "book:hotel,send:message");
    }

    #[test]
    fn words_in_their_other_senses() {
        // Written apart from the corpora: a word of the lexicon used in another sense.
        assert_eq!(sig("Check the order of my flights to Oslo"), "search:flight", "an order is no booking");
        assert_eq!(sig("Book a room with a view in Oslo"), "book:hotel", "a view is no search");
        assert_eq!(sig("Fly me to Oslo and stay in touch"), "book:flight", "no room");
        assert_eq!(sig("Book a room in Oslo, travel there by bus"), "book:hotel", "no flight");
        assert_eq!(sig("Fly me to Oslo, the hotel is on us"), "book:flight,!book:hotel");
        assert_eq!(sig("Book a flight to Oslo, wait for the hotel"), "book:flight", "a new verb ends the old one");
        assert_eq!(sig("Book a flight to Oslo, a hotel for 2 nights"), "book:flight,book:hotel", "a list goes on");
        assert_eq!(sig("Send the guest a refund of 20 EUR"), "refund:payment", "money given, no message");
        assert_eq!(sig("Email ann@example.org the hotel confirmation"), "send:message");
    }

    #[test]
    fn what_has_been_seen_to_requests_and_lists() {
        // Written apart from the corpora.
        assert_eq!(sig("Fly us to Oslo; the hotel has been paid"), "book:flight,!book:hotel");
        assert_eq!(sig("Fly us to Oslo, the room will be provided"), "book:flight,!book:hotel");
        assert_eq!(sig("Book a flight to Oslo, the hotel is needed too"), "book:flight,book:hotel");
        assert_eq!(sig("Could we reserve a room in Bergen for 2 nights?"), "book:hotel", "a request");
        assert_eq!(sig("We reserve our own rooms in Bergen"), "!book:hotel", "what the user does");
        assert_eq!(sig("Can you get us a list of hotels in Bergen?"), "search:hotel");
        assert_eq!(sig("Send over the hotel rates for Bergen"), "search:hotel", "no address: shown");
        assert_eq!(sig("Please process the cancellation of my room in Bergen"), "cancel:hotel");
        assert_eq!(sig("Invoice the guest 40 EUR"), "pay:payment");
        assert_eq!(sig("Email ann@example.org the invoice"), "send:message");
    }

    #[test]
    fn goals_in_the_english_of_many() {
        // Written apart from the corpora: articles dropped, words in other orders.
        assert_eq!(sig("Make reservation for hotel in Bergen 2 nights"), "book:hotel");
        assert_eq!(sig("Make flight booking to Oslo"), "book:flight");
        assert_eq!(sig("Fly me to Oslo, room we do not need"), "book:flight,!book:hotel");
        assert_eq!(sig("Flight to Oslo, hotel no, thanks"), "book:flight,!book:hotel");
        assert_eq!(sig("Return the money 30 EUR to the guest"), "refund:payment");
        assert_eq!(sig("Give us hotel ideas for Bergen"), "search:hotel");
    }

    #[test]
    fn references_name_their_object_and_others_see_to_things() {
        // Written apart from the corpora.
        assert_eq!(sig("Please cancel HT-0A1B2C3D"), "cancel:hotel");
        assert_eq!(sig("Cancel FL-0A1B2C3D"), "cancel:flight");
        assert_eq!(sig("Cancel reservation XY-0A1B2C3D"), "", "a reference of no known kind names nothing");
        assert_eq!(sig("Fly us to Oslo; our client books the hotel"), "book:flight,!book:hotel");
        assert_eq!(sig("We've reserved the room in Bergen, just fly us there"), "book:flight,!book:hotel");
        assert_eq!(sig("Show me flights to Oslo, nothing more"), "search:flight");
    }

    #[test]
    fn goals_told_with_their_context() {
        // Written apart from the corpora: several sentences, the request among them.
        assert_eq!(sig("I have a dentist appointment in Oslo on Monday. Book me a flight."), "book:flight");
        assert_eq!(sig("Hotels in Bergen? Check them. Don't book yet."), "search:hotel,!book:hotel");
        assert_eq!(
            sig("Flights to Oslo on Friday - book the cheapest one that leaves early"),
            "book:flight,search:flight"
        );
        assert_eq!(sig("We're visiting Bergen on Friday. Book a room; we'll stay 2 nights."), "book:hotel");
        assert_eq!(sig("The workshop in Oslo was cancelled. Cancel the hotel too."), "cancel:hotel");
        assert_eq!(sig("Fly me to Oslo. Hotel: none needed."), "book:flight,!book:hotel");
        assert_eq!(sig("Add a 30 EUR charge to the guest's card"), "pay:payment");
        assert_eq!(sig("The team wants to know the hotel rates in Bergen"), "search:hotel");
        assert_eq!(sig("Ann's address is ann@example.org; email her the itinerary"), "send:message");
    }

    #[test]
    fn labels_arrows_and_answers() {
        // Written apart from the corpora: goals written as forms and task lists.
        assert_eq!(sig("Hotel search: city Bergen, 2 nights"), "search:hotel", "a search, no booking");
        assert_eq!(sig("Task: book flight -> Oslo"), "book:flight");
        assert_eq!(sig("Fly me to Oslo; hotel: no"), "book:flight,!book:hotel");
        assert_eq!(sig("Book a room in Bergen; email to ann@example.org: no"), "book:hotel,!send:message");
        assert_eq!(sig("Book a flight to Oslo, no"), "!book:flight", "an answered 'no' refuses its clause");
    }

    #[test]
    fn flying_looked_up_and_things_sorted() {
        // Written apart from the corpora.
        assert_eq!(sig("Find the quickest way to fly to Oslo on Friday"), "search:flight", "looked up, not booked");
        assert_eq!(sig("Fly me to Oslo and check the hotel rates"), "book:flight,search:hotel");
        assert_eq!(sig("Get a room arranged in Bergen for 2 nights"), "book:hotel");
        assert_eq!(sig("Fly me to Oslo but keep ann@example.org off the mailing"), "book:flight,!send:message");
    }

    #[test]
    fn money_put_back_modal_negations_and_requirements() {
        // Written apart from the corpora.
        assert_eq!(sig("Put 30 EUR back on the guest's card"), "refund:payment", "put back is no charge");
        assert_eq!(sig("Book a room in Bergen; ann@example.org mustn't be emailed"), "book:hotel,!send:message");
        assert_eq!(sig("We require a room in Bergen for 2 nights"), "book:hotel");
        assert_eq!(sig("I need hotel information for Bergen on Friday"), "search:hotel");
    }

    #[test]
    fn canonical_words_map_synonyms_and_drop_fillers() {
        let now = Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
        let words = |g: &str| canonical_words(&extract(g, now).text).join(" ");
        assert_eq!(words("Please reserve me a plane ticket to Paris tomorrow"), "book flight {LOCATION} {DATE}");
        assert_eq!(words("Book a flight to Paris tomorrow"), "book flight {LOCATION} {DATE}");
        assert_eq!(words("Cancel my flight"), "cancel flight");
    }
}
