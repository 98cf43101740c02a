//! Requests in the passive read in the active: "It is requested that a flight to Oslo be booked"
//! is "… that book a flight to Oslo", "Payment of €40 is to be collected" is "collect payment of
//! €40". [`signature`](super::signature) pairs a verb with the objects that follow it; a
//! participle after its subject would reach nothing, or the next clause's object.

use super::lexicon::{Meaning, bare, ends_clause, ends_sentence, lookup};

/// Participles of a request in the passive and the verb each stands for.
const PARTICIPLES: [(&str, &str); 17] = [
    ("booked", "book"),
    ("reserved", "reserve"),
    ("arranged", "arrange"),
    ("made", "make"),
    ("cancelled", "cancel"),
    ("canceled", "cancel"),
    ("charged", "charge"),
    ("billed", "bill"),
    ("collected", "collect"),
    ("refunded", "refund"),
    ("reimbursed", "reimburse"),
    ("sent", "send"),
    ("emailed", "email"),
    ("notified", "notify"),
    ("addressed", "send"),
    ("listed", "list"),
    ("shown", "show"),
];

/// How a passive is asked: what must open its clause for it to be a request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// "that a flight be booked": the subjunctive asks only after "that".
    Subjunctive,
    /// "the hotel is to be cancelled", "…must be cancelled", "…needs to be cancelled": an
    /// instruction wherever its clause begins.
    Instruction,
    /// "…appreciated if the flights could be listed": asks only after a courtesy that wonders;
    /// elsewhere it asks whether it may be done ("check whether the flight can be cancelled") or
    /// says what may happen ("the flight could be cancelled, so…").
    Possibility,
}

/// `text` (lower case, words split by spaces) with each passive request made active: the verb
/// is put before its subject, and "not" before the verb where the request is refused ("x@y is
/// not to be notified" is "not notify x@y").
pub(super) fn front_passives(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    let mut i = 1;
    // Whether a passive request was made active in this sentence: "the hotel is to be cancelled
    // and a flight booked" leaves out the second one's auxiliary.
    let mut requested = false;
    while i < words.len() {
        let passive = fronted(&words, i)
            .or_else(|| causative(&words, i))
            .or_else(|| requested.then(|| elliptic(&words, i)).flatten())
            .filter(|_| !by_agent(&words, i));
        requested |= passive.is_some();
        if ends_sentence(&words[i]) {
            requested = false;
        }
        match passive {
            Some(passive) => {
                let punctuation = words[i].trim_start_matches(char::is_alphanumeric).to_owned();
                let mut active: Vec<String> = Vec::with_capacity(passive.subject.len() + 2);
                if passive.negated {
                    active.push("not".to_owned());
                }
                active.push(passive.verb.to_owned());
                active.extend_from_slice(&words[passive.subject]);
                if let Some(last) = active.last_mut() {
                    last.push_str(&punctuation);
                }
                let length = active.len();
                words.splice(passive.from..=i, active);
                i = passive.from + length;
            }
            None => i += 1,
        }
    }
    words.join(" ")
}

/// The verb the participle `word` stands for ([`PARTICIPLES`]), if it is one.
fn participle_verb(word: &str) -> Option<&'static str> {
    PARTICIPLES.iter().find(|(participle, _)| bare(word) == *participle).map(|&(_, verb)| verb)
}

/// Whether `subject` has a verb of its own, so is no one noun phrase: "book a flight and the hotel
/// must be cancelled". A slot ("{email}") is a thing named, never the verb its name spells.
fn has_verb(subject: &[String]) -> bool {
    subject
        .iter()
        .any(|w| !w.starts_with('{') && matches!(lookup(bare(w)), Some((_, Meaning::Action(_) | Meaning::Both(..)))))
}

/// A passive request found: the words from `from` to its participle are to be replaced.
struct Passive {
    /// The first word replaced: the subject's, or the "that" before it.
    from: usize,
    subject: std::ops::Range<usize>,
    /// "x@y is not to be notified": a request refused.
    negated: bool,
    verb: &'static str,
}

/// The passive request the participle at `i` ends, if it makes one.
fn fronted(words: &[String], i: usize) -> Option<Passive> {
    let verb = participle_verb(&words[i])?;
    if words[i - 1] != "be" {
        return None;
    }
    let (aux, negated, form) = auxiliary(words, i - 1)?;
    let (start, opener) = subject_start(words, aux);
    // "Could PM-… be refunded, please?": a modal before its subject asks for it, as "could you
    // refund…" does.
    let inverted = form == Form::Subjunctive
        && opener.is_none()
        && start + 1 < aux
        && matches!(words[start].as_str(), "can" | "could" | "will" | "would");
    let start = if inverted { start + 1 } else { start };
    let allowed = match form {
        Form::Subjunctive => opener == Some("that") || inverted,
        Form::Instruction => true,
        // "I wonder if the hotel could be cancelled" asks for it; "check whether the flight can
        // be cancelled" asks about it.
        Form::Possibility => {
            matches!(opener, Some("if" | "whether"))
                && start >= 2
                && matches!(bare(&words[start - 2]), "wonder" | "wondering" | "appreciated" | "grateful" | "appreciate")
        }
    };
    let subject = &words[start..aux];
    let pronoun =
        subject.len() == 1 && matches!(bare(&subject[0]), "it" | "this" | "that" | "they" | "these" | "those");
    let reads = !subject.is_empty() && !pronoun && !has_verb(subject);
    // "…that book a flight" would read "that book" as a noun phrase: the verb takes its place.
    let from = if opener == Some("that") { start - 1 } else { start };
    (allowed && reads).then_some(Passive { from, subject: start..aux, negated, verb })
}

/// "…cancelled by the airline": a passive with its doer says what someone else does or did.
/// "…notified by email" names no doer.
fn by_agent(words: &[String], i: usize) -> bool {
    words.get(i + 1).is_some_and(|w| w == "by")
        && words
            .get(i + 2)
            .is_some_and(|w| matches!(bare(w), "the" | "my" | "our" | "their" | "his" | "her" | "a" | "an" | "someone"))
}

/// "Can you get FL-… cancelled?", "get the hotel booked": what is got done is asked for.
fn causative(words: &[String], i: usize) -> Option<Passive> {
    let verb = participle_verb(&words[i])?;
    let get = (0..i).rev().take_while(|&k| !ends_clause(&words[k])).take(6).find(|&k| words[k] == "get")?;
    let subject = &words[get + 1..i];
    (!subject.is_empty() && !has_verb(subject)).then_some(Passive {
        from: get,
        subject: get + 1..i,
        negated: false,
        verb,
    })
}

/// The passive request that leaves out its auxiliary after one that said it: "…and a flight
/// to Rome booked". Only a noun phrase of its own after "and" is its subject, and only where
/// nothing follows the participle but a preposition ("the flight I booked yesterday" is no
/// request).
fn elliptic(words: &[String], i: usize) -> Option<Passive> {
    let verb = participle_verb(&words[i])?;
    let and = (0..i).rev().take_while(|&k| !ends_clause(&words[k])).find(|&k| words[k] == "and")?;
    let subject = &words[and + 1..i];
    let opens_noun_phrase = subject.first().is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "one"));
    let pronoun = subject.iter().any(|w| matches!(bare(w), "i" | "we" | "you" | "he" | "she" | "they"));
    let ends = ends_clause(&words[i])
        || words.get(i + 1).is_none_or(|w| matches!(w.as_str(), "for" | "on" | "to" | "in" | "at" | "and"));
    let verbless =
        !subject.iter().any(|w| matches!(lookup(bare(w)), Some((_, Meaning::Action(_) | Meaning::Both(..)))));
    (opens_noun_phrase && !pronoun && ends && verbless).then_some(Passive {
        from: and + 1,
        subject: and + 1..i,
        negated: false,
        verb,
    })
}

/// The auxiliary before "be" at `be`: where it starts, whether "not" refuses the request, and
/// the form it gives the passive.
fn auxiliary(words: &[String], be: usize) -> Option<(usize, bool, Form)> {
    let word = |k: usize| words.get(k).map(|w| w.as_str());
    let mut at = be;
    let mut negated = false;
    // "…is to be cancelled", "…needs to be refunded", "…is not to be notified"
    if at >= 2 && word(at - 1) == Some("to") {
        at -= 1;
        if word(at - 1) == Some("not") {
            (at, negated) = (at - 1, true);
        }
        let instructs = at >= 1
            && matches!(word(at - 1), Some("is" | "are" | "needs" | "need" | "has" | "have" | "ought"))
            && !ends_clause(&words[at - 1]);
        return instructs.then_some((at - 1, negated, Form::Instruction));
    }
    if word(at - 1) == Some("not") && at >= 2 {
        (at, negated) = (at - 1, true);
    }
    match word(at - 1) {
        Some("should" | "must" | "shall") => Some((at - 1, negated, Form::Instruction)),
        Some("can" | "could" | "would") => Some((at - 1, negated, Form::Possibility)),
        Some(_) if !negated => Some((at, false, Form::Subjunctive)),
        _ => None,
    }
}

/// Where the subject ending before `end` starts, and the word that opens its clause ("that",
/// "if", "whether"; none at the start of a sentence or after a comma).
fn subject_start(words: &[String], end: usize) -> (usize, Option<&'static str>) {
    for k in (0..end).rev() {
        if ends_clause(&words[k]) || bare(&words[k]).is_empty() {
            return (k + 1, None);
        }
        if let Some(opener) = ["that", "if", "whether"].into_iter().find(|o| words[k] == *o) {
            return (k + 1, Some(opener));
        }
    }
    (0, None)
}

#[cfg(test)]
mod tests {
    use super::front_passives;

    #[test]
    fn a_subjunctive_after_that_is_made_active() {
        assert_eq!(
            front_passives("it is requested that a flight to {location} be booked and that {email} be notified."),
            "it is requested book a flight to {location} and notify {email}."
        );
    }

    #[test]
    fn an_instruction_is_made_active_and_a_refused_one_negated() {
        assert_eq!(front_passives("payment of {amount} is to be collected."), "collect payment of {amount}.");
        assert_eq!(front_passives("{email} is not to be notified."), "not notify {email}.");
        assert_eq!(front_passives("the hotel must be cancelled"), "cancel the hotel");
        assert_eq!(
            front_passives("the hotel is to be cancelled and a flight to {location} booked."),
            "cancel the hotel and book a flight to {location}."
        );
    }

    #[test]
    fn what_may_happen_and_what_happened_are_left_alone() {
        for text in [
            "the flight could be cancelled, so book a hotel",
            "the flight was booked",
            "book a flight and the hotel be booked",
            "a flight be booked",
        ] {
            assert_eq!(front_passives(text), text);
        }
        assert_eq!(front_passives("i wonder if the flights could be listed"), "i wonder if list the flights");
        assert_eq!(front_passives("could {reference} be refunded, please?"), "could refund {reference}, please?");
        let asked_about = "check whether the flight can be cancelled";
        assert_eq!(front_passives(asked_about), asked_about);
        let done_by_another = "could the flight be cancelled by the airline?";
        assert_eq!(front_passives(done_by_another), done_by_another);
        assert_eq!(front_passives("can you get {reference} cancelled?"), "can you cancel {reference}?");
        for (told, rest) in [("the flight i booked", "stays"), ("the flight booked", "by ann stays")] {
            assert_eq!(
                front_passives(&format!("the hotel is to be cancelled and {told} {rest}")),
                format!("cancel the hotel and {told} {rest}")
            );
        }
    }
}
