//! Looking a few words ahead from a word of the goal, within its clause: whether money, a
//! message, facts about a flight or a duration follow. Each answers one question the reading of a
//! single word cannot.

use super::lexicon::{
    ABOUT, BOOKING_NOUNS, CANCELLATION_NOUNS, DETERMINERS, HEAD_ENDS, Meaning, bare, ends_clause, lookup,
};
use super::{Action, Object};

/// Whether the clause that `rest` opens says the user does it: "I'll find a hotel myself".
pub(super) fn reflexive_ahead(rest: &[&str]) -> bool {
    clause_ahead(rest, usize::MAX).iter().any(|w| matches!(bare(w), "myself" | "ourselves"))
}

/// The first `most` words of the clause `rest` opens, its closing word included.
fn clause_ahead<'a, 'b>(rest: &'a [&'b str], most: usize) -> &'a [&'b str] {
    let end = rest.iter().position(|w| ends_clause(w)).map_or(rest.len(), |end| end + 1);
    &rest[..end.min(most)]
}

/// The words of the noun phrase that `rest` opens: up to a preposition that ends it ([`HEAD_ENDS`]),
/// within its clause.
fn noun_phrase_ahead<'a, 'b>(rest: &'a [&'b str]) -> impl Iterator<Item = &'a &'b str> {
    clause_ahead(rest, usize::MAX).iter().take_while(|w| !HEAD_ENDS.contains(&bare(w)))
}

/// Whether money comes within the next few words of the clause `rest` opens: "the customer a
/// refund", "€40 back".
pub(super) fn money_ahead(rest: &[&str]) -> bool {
    clause_ahead(rest, 4)
        .iter()
        .any(|w| w.starts_with("{amount}") || matches!(lookup(bare(w)), Some((_, Meaning::Action(Action::Refund)))))
}

/// Whether the clause `rest` opens names facts about a flight or hotel within a few words:
/// "over the flight options", "me hotel rates".
pub(super) fn info_ahead(rest: &[&str]) -> bool {
    let words: Vec<&str> = clause_ahead(rest, 5).iter().map(|w| bare(w)).collect();
    words.windows(2).any(|pair| {
        matches!(lookup(pair[0]), Some((_, Meaning::Object(Object::Flight | Object::Hotel))))
            && ABOUT.contains(&pair[1])
    })
}

/// Whether `rest` opens with a list: "a list of", "us an overview of".
pub(super) fn list_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().map(|w| bare(w)).skip_while(|w| matches!(*w, "me" | "us"));
    words.next().is_some_and(|w| DETERMINERS.contains(&w))
        && words.next().is_some_and(|w| matches!(w, "list" | "overview" | "selection" | "choice"))
}

/// Whether `rest` opens with money that moves: "a refund", "me a refund", "the charge".
pub(super) fn money_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().map(|w| bare(w)).skip_while(|w| matches!(*w, "me" | "us"));
    words.next().is_some_and(|w| DETERMINERS.contains(&w))
        && words.next().is_some_and(|w| matches!(lookup(w), Some((_, Meaning::Action(Action::Pay | Action::Refund)))))
}

/// Whether `rest` opens with a message: "an email", "any emails", "me a line", "a note".
pub(super) fn message_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().map(|w| bare(w)).skip_while(|w| matches!(*w, "me" | "us" | "him" | "her" | "them"));
    matches!(words.next(), Some("a" | "an" | "the" | "any" | "no"))
        && matches!(
            words.next(),
            Some("email" | "emails" | "e-mail" | "mail" | "message" | "messages" | "note" | "line")
        )
}

/// Whether `rest` opens with a number of nights: "2 nights", "for 3 nights".
pub(super) fn duration_follows(rest: &[&str]) -> bool {
    let mut words = rest.iter().skip_while(|w| bare(w) == "for");
    words.next().is_some_and(|w| w.starts_with("{number}"))
}

/// Whether what follows "I have" within its clause is a flight or a hotel: "I have a room"
/// (not to be booked) but "I have a meeting in Oslo" (nothing said about rooms).
pub(super) fn possession_ahead(rest: &[&str]) -> bool {
    rest.iter().take_while(|w| !ends_clause(w)).take(4).any(|w| {
        matches!(lookup(bare(w)), Some((_, Meaning::Object(Object::Flight | Object::Hotel) | Meaning::Both(..))))
    })
}

/// Whether the first thing the clause `rest` opens names is a flight or a hotel: "the available
/// flights", "me hotels in Oslo".
pub(super) fn travel_ahead(rest: &[&str]) -> bool {
    clause_ahead(rest, 5)
        .iter()
        .find_map(|w| match lookup(bare(w)) {
            Some((_, Meaning::Object(object))) => Some(object),
            _ => None,
        })
        .is_some_and(|object| matches!(object, Object::Flight | Object::Hotel))
}

/// Whether the clause `rest` opens orders what it names: "the flights by price", "them by
/// departure time". Sorting, arranging or ordering by a measure looks; it books nothing.
pub(super) fn ordering_ahead(rest: &[&str]) -> bool {
    const MEASURES: [&str; 14] = [
        "price",
        "prices",
        "cost",
        "fare",
        "fares",
        "time",
        "date",
        "duration",
        "departure",
        "arrival",
        "length",
        "stops",
        "rating",
        "distance",
    ];
    let words: Vec<&str> = clause_ahead(rest, usize::MAX).iter().map(|w| bare(w)).collect();
    words.windows(2).any(|pair| pair[0] == "by" && MEASURES.contains(&pair[1]))
}

/// Whether the clause `rest` opens names a flight, hotel, payment or message, or a booking
/// reference: what a verb before it can act on.
pub(super) fn object_ahead(rest: &[&str]) -> bool {
    clause_ahead(rest, usize::MAX).iter().any(|w| {
        w.starts_with("{reference}") || matches!(lookup(bare(w)), Some((_, Meaning::Object(_) | Meaning::Both(..))))
    })
}

/// Whether the noun phrase that `rest` opens (up to a preposition that ends it, within the
/// clause) names something the planner knows: "a reservation", "a payment of €40", "a hotel".
/// A light verb with such an object is an action the planner does ("make a reservation"); with
/// another ("add my frequent flyer number to the flight") it is one no tool does.
pub(super) fn known_object_ahead(rest: &[&str]) -> bool {
    noun_phrase_ahead(rest).any(|w| {
        w.starts_with('{')
            || BOOKING_NOUNS.contains(&bare(w))
            || CANCELLATION_NOUNS.contains(&bare(w))
            || lookup(bare(w))
                .is_some_and(|(_, m)| matches!(m, Meaning::Action(_) | Meaning::Object(_) | Meaning::Both(..)))
    })
}

/// Whether the clause `rest` opens has a verb of the lexicon.
pub(super) fn verb_ahead(rest: &[&str]) -> bool {
    clause_ahead(rest, usize::MAX).iter().any(|w| matches!(lookup(bare(w)), Some((_, Meaning::Action(_)))))
}

/// Whether the noun phrase that `rest` opens (up to a preposition that ends it) is a flight, a
/// hotel or a booking: "release the room", "release room booking HT-…" give it up; "release the
/// payment to the hotel" moves money, which is no cancelling.
pub(super) fn booking_ahead(rest: &[&str]) -> bool {
    noun_phrase_ahead(rest).any(|w| {
        w.starts_with("{reference}")
            || BOOKING_NOUNS.contains(&bare(w))
            || matches!(lookup(bare(w)), Some((_, Meaning::Object(Object::Flight | Object::Hotel))))
    }) && !money_follows(rest)
}
