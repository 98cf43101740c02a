//! What a goal asks for, as (action, object) pairs with negation: "Book a flight to Paris but
//! no hotel" is `{book:flight, !book:hotel}`. Two goals whose intents differ must never share
//! a plan, however similar their words ("book" vs "cancel", "do not …"): the plan cache's
//! guard compares these. The same lexicon maps synonyms to one canonical word, so paraphrases
//! ("reserve a plane ticket") embed close to each other.
//!
//! Layout: [`lexicon`] (what words mean), [`spelling`] (typing errors read as the word meant),
//! [`rewrite`] (phrases, particles, negations moved before their object), [`passive`] (requests
//! in the passive made active), [`lookahead`] (what follows a word within its clause),
//! [`sentences`] (questions, unplaced negations and conditions) and [`signature`] (the reading
//! itself).

mod lexicon;
mod lookahead;
mod passive;
mod rewrite;
mod sentences;
mod signature;
mod spelling;

use std::collections::BTreeSet;
use std::fmt;

use super::template::{Slot, SlotKind, Template};

pub use lexicon::canonical_words;
pub use sentences::unexplained_negation;
pub use signature::signature;

/// Whether the goal names `object` itself: a word for it, or a value only it has (a booking
/// reference `FL-…`, `HT-…`, `PM-…`, an amount for a payment, an address for a message).
/// Planning on the classifier's word alone leans on it: the classifier may tell what to do with
/// a thing the goal names, never make the thing up ("cancel the shuttle" names no flight).
pub fn names(template: &Template, object: Object) -> bool {
    let slot_names = |slot: &Slot| match slot.kind {
        SlotKind::Reference => lexicon::referenced_object(&slot.value) == Some(object),
        SlotKind::Amount => object == Object::Payment,
        SlotKind::Email => object == Object::Message,
        _ => false,
    };
    template.slots.iter().any(slot_names)
        || lexicon::canonical_words(&template.text).iter().any(|word| word.as_str() == object.noun())
}

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
    /// The object as a noun, for messages; also the canonical word the lexicon maps its
    /// synonyms to.
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

#[cfg(test)]
mod tests;
