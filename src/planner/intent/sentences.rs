//! Sentences of a goal: which ask (questions, embedded questions), which ask for information
//! rather than for an action, and which words say "not" or "if" about something the
//! signature could not place.

use super::lexicon::{DETERMINERS, bare, ends_sentence, spans};
use super::rewrite::rewrite_phrases;
use super::{Action, Signature};
use crate::planner::template::Template;

/// Words that open a question: a question about flights or hotels asks to look, never to book.
/// An auxiliary opening a goal asks ("Do any airlines fly to Oslo", "Can I fly…"); an explicit
/// verb after it still counts ("Could you book a flight…").
pub(super) const INTERROGATIVES: [&str; 16] = [
    "what", "which", "where", "when", "how", "is", "are", "any", "anything", "whats", "do", "does", "can", "could",
    "will", "would",
];

/// Verbs that embed a question: "I want to know which flights…", "tell me what…".
pub(super) const ASKING: [&str; 7] = ["know", "tell me", "wonder", "wondering", "find out", "see", "check"];

/// Words that open an embedded question after [`ASKING`].
pub(super) const EMBEDDED: [&str; 5] = ["which", "what", "whether", "if", "when"];

/// Whether the goal asks: it ends with "?" ("… to Dublin?"), opens with an interrogative
/// ("What flights are there…", "Are there rooms…") or embeds a question after a verb of asking
/// ("I want to know which flights go…"). In a question, objects named with no verb are
/// searched, not booked, and "flying" is looked up ("what's flying to Madrid?"); an explicit
/// verb still counts ("Could you book a flight to Paris?").
pub(super) fn is_question(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let first = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').replace('\'', "").to_lowercase();
    let embedded = ASKING.iter().any(|verb| EMBEDDED.iter().any(|word| text.contains(&format!(" {verb} {word} "))));
    // "Do the check-in for my flight", "Do it all: …" are orders: an auxiliary before a
    // determiner or what it does asks nothing.
    let second = text.split_whitespace().nth(1).map(bare).unwrap_or_default();
    let order = !matches!(first.as_str(), "what" | "which" | "any")
        && (DETERMINERS.contains(&second) || matches!(second, "it" | "everything" | "all"));
    let interrogative = (INTERROGATIVES.contains(&first.as_str()) && !order) || embedded;
    interrogative || text.trim_end().ends_with('?')
}

/// Per token, whether its sentence asks about something rather than for it: a question opened
/// by a word that asks for information ("Is it cheaper to book…?", "How do I cancel…?"), not by
/// a request ("Could you book…?").
pub(super) fn sentences_inquiring(tokens: &[&str], asks: &[bool]) -> Vec<bool> {
    per_sentence(tokens, |sentence, last| {
        let opener = bare(sentence[0]).replace('\'', "");
        // "Do not book a hotel" is an order.
        let order = sentence.get(1).is_some_and(|w| bare(w) == "not");
        asks[last] && INQUIRING.contains(&opener.as_str()) && !order
    })
}

/// Per token, `judge(sentence, index of its last token)` of the sentence it is in; a sentence ends
/// with ".", "!" or "?" or with the goal.
fn per_sentence(tokens: &[&str], mut judge: impl FnMut(&[&str], usize) -> bool) -> Vec<bool> {
    let mut verdicts = vec![false; tokens.len()];
    for sentence in spans(tokens, ends_sentence) {
        let verdict = judge(&tokens[sentence.clone()], *sentence.end());
        verdicts[sentence].fill(verdict);
    }
    verdicts
}

/// Words that open a question for information: a verb in it is asked about, not asked for.
pub(super) const INQUIRING: [&str; 17] = [
    "what", "whats", "which", "where", "when", "how", "why", "whether", "is", "are", "was", "were", "does", "do",
    "did", "should", "shall",
];

/// Per token, whether its sentence is a question: one that ends with "?" asks even when the
/// goal goes on ("Flights to Oslo on Friday? Don't book yet.").
pub(super) fn sentences_asking(tokens: &[&str]) -> Vec<bool> {
    per_sentence(tokens, |sentence, _| sentence.last().is_some_and(|w| w.ends_with('?')))
}

/// Words that say something is not wanted; with them, any word ending in "n't".
pub(super) const NEGATION_CUES: [&str; 20] = [
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
pub(super) fn condition<'a>(words: &[&'a str]) -> Option<&'a str> {
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
