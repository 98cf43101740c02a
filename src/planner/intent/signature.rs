//! Reading a goal's template into its [`Signature`]: each action pairs with the objects that
//! follow it; negations, questions, the user's own doing and words in other senses shape what
//! is asked for. The rules are the lexicon's ([`super::lexicon`]), the rewrite's
//! ([`super::rewrite`]) and the sentences' ([`super::sentences`]); this is where they meet.

use std::collections::BTreeSet;

use super::lexicon::*;
use super::lookahead::*;
use super::rewrite::{copula_length, rewrite_phrases};
use super::sentences::{is_question, sentences_asking, sentences_inquiring};
use super::{Action, Intent, Object, Signature};
use crate::planner::template::{SlotKind, Template};

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
        .filter(|slot| slot.kind == SlotKind::Reference)
        .map(|slot| referenced_object(&slot.value));
    // After the rewrite, so that "tell me which flights…" opens with its interrogative.
    let goal_asks = is_question(&text);
    let addresses = template.slots.iter().filter(|s| s.kind == SlotKind::Email).count();
    let has_email = addresses > 0;
    let mut described_addresses = 0;
    let mut after_determiner = false;
    let mut definite = false;
    let mut after_light_verb = false;
    let mut light_phrase = false;
    let mut previous = "";
    let mut wanting = false;
    let mut previous_action: Option<Action> = None;
    // Flights and hotels named indefinitely under a verb the lexicon does not know, with no
    // intent of their own: "It is demanded that a flight … be secured".
    let mut governed_unplaced = BTreeSet::new();
    // …whatever governs them: a later "please book" with no object of its own books them.
    let mut unplaced_indefinite = BTreeSet::new();
    // Every flight and hotel named so far: what "book both" books.
    let mut named = BTreeSet::new();
    // Whether the verb the lexicon does not know that governs what follows asks for something.
    let mut unread_request = false;
    // The flight or hotel the word before named, if it named one.
    let mut previous_object_word: Option<Object> = None;
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
    // Whether the current clause has named a flight, hotel, payment, message or reference yet,
    // and a thing the planner does not know after a determiner ("the transfer").
    let mut object_in_clause = false;
    let mut unknown_subject = false;
    // Whether a verb of the lexicon acted on a thing it does not know that no flight or hotel
    // after it placed ("book a massage"): the goal asks for an action no tool does.
    let mut acted_on_unknown = false;
    // …so far in the current clause, with no flight or hotel named after it yet.
    let mut acted_pending = false;
    // Whether the verb still waiting has a noun phrase the planner does not know in its clause.
    let mut unknown_object = false;
    // The rewritten text is lower case already.
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let sentence_asks = sentences_asking(&tokens);
    let by_surface =
        tokens.iter().any(|w| matches!(bare(w), "train" | "rail" | "bus" | "coach" | "ferry" | "boat" | "car"));
    let asks: Vec<bool> = sentence_asks.iter().map(|&asks| goal_asks || asks).collect();
    let clause_unknown = clauses_with_unknown_words(&tokens);
    let told_before = told_in_the_past(&tokens);
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
                && ((lookup(n).is_none() && !PEOPLE.contains(&n) && (!BOOKING_NOUNS.contains(&n) || names_booking))
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
        // "my booked flight": a participle after a determiner describes, it asks for nothing.
        let wanted_done = wanting && !DEFINITE.contains(&previous) && !DETERMINERS.contains(&previous);
        // "Don't book anything", "book nothing", "no bookings today": a refusal of all the verb
        // could act on, which no later object takes up.
        let refused_outright = negated && (BOOKING_NOUNS.contains(&lower) || CANCELLATION_NOUNS.contains(&lower));
        let universal = matches!(lower, "anything" | "nothing")
            && action.is_some_and(|(_, said_not)| said_not || lower == "nothing")
            && !paired;
        // "Flights to Oslo? Not booking yet." refuses booking what it named; "No bookings today -
        // just notify x@y" everything.
        let nothing_named = !matches!(last_object, Some(Object::Flight | Object::Hotel));
        // "…flight and hotel 2 nights, book both": the verb acts on every flight and hotel named.
        let collective = matches!(lower, "both" | "them" | "all")
            && action.is_some_and(|(a, _)| matches!(a, Action::Book | Action::Cancel))
            && !paired
            && (ends_clause(word) || k + 1 == tokens.len());
        let refuses_all = universal
            || (refused_outright
                && nothing_named
                && next.is_none_or(|(n, slot)| slot || !object_ahead(&tokens[k + 1..]) || n.is_empty()));
        let meaning = match lookup(lower).map(|(_, m)| m).or_else(|| wanted_participle(lower, wanted_done)) {
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
            // "Sort the flights to Oslo by price": an order to look in, nothing booked.
            Some(Meaning::Action(Action::Book))
                if matches!(lower, "sort" | "arrange" | "order") && ordering_ahead(&tokens[k + 1..]) =>
            {
                Some(Meaning::Action(Action::Search))
            }
            // "x@y is on holiday": an address described is no one to write to.
            Some(Meaning::Action(Action::Send))
                if word.starts_with("{email}")
                    && next.is_some_and(|(n, _)| matches!(n, "is" | "was"))
                    && tokens.get(k + 2).is_some_and(|w| !matches!(bare(w), "to" | "be" | "being")) =>
            {
                described_addresses += 1;
                Some(Meaning::Filler)
            }
            // "no notifications to x@y": the address is where the message just refused would
            // have gone, no second message.
            Some(Meaning::Action(Action::Send))
                if word.starts_with("{email}")
                    && paired
                    && object_in_clause
                    && last_object == Some(Object::Message)
                    && intents.iter().any(|i: &Intent| i.negated && i.object == Object::Message) =>
            {
                Some(Meaning::Filler)
            }
            // "I asked you to book FL-… last week - cancel it": what was asked before is told.
            Some(Meaning::Action(_)) if told_before[k] => Some(Meaning::Filler),
            // "The refund last week was a mistake": a refund that happened, named, asks for none.
            Some(Meaning::Action(Action::Refund | Action::Cancel))
                if definite
                    && !after_light_verb
                    && next.is_some_and(|(n, _)| {
                        matches!(n, "last" | "yesterday" | "earlier" | "was" | "were" | "is" | "has" | "had")
                    }) =>
            {
                Some(Meaning::Filler)
            }
            // "Is it cheaper to book a flight to Oslo?" asks about booking: it looks.
            Some(Meaning::Action(Action::Book)) if inquiring[k] => Some(Meaning::Action(Action::Search)),
            // "I need … a charge of €40": a charge asked for, not one referred to ("the charge").
            Some(Meaning::Action(Action::Pay)) if after_determiner && wanting && !definite && action.is_none() => {
                Some(Meaning::Action(Action::Pay))
            }
            // "the charge", "a duplicate charge": a payment named.
            Some(Meaning::Action(Action::Pay))
                if (after_determiner || ADJECTIVES.contains(&previous)) && !after_light_verb =>
            {
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
            // "add a hotel for 2 nights", "take a flight to Oslo": a flight or hotel added or
            // taken is booked.
            None if matches!(lower, "add" | "take")
                && next.is_some_and(|(n, _)| matches!(n, "a" | "an"))
                && tokens.get(k + 2).is_some_and(|w| {
                    matches!(lookup(bare(w)), Some((_, Meaning::Object(Object::Flight | Object::Hotel))))
                }) =>
            {
                Some(Meaning::Action(Action::Book))
            }
            // "Confirm a room in Oslo": one to be had, booked ("confirm the hotel" has one).
            None if lower == "confirm" && next.is_some_and(|(n, _)| matches!(n, "a" | "an")) => {
                Some(Meaning::Action(Action::Book))
            }
            // "Release the room in Oslo", "dump the reservation": a booking given up.
            None if matches!(lower, "release" | "dump") && booking_ahead(&tokens[k + 1..]) => {
                Some(Meaning::Action(Action::Cancel))
            }
            // "I'd kill to know…", "drop by the hotel": these cancel only a booking.
            Some(Meaning::Action(Action::Cancel))
                if matches!(lower, "kill" | "drop")
                    && !booking_ahead(&tokens[k + 1..])
                    && !message_follows(&tokens[k + 1..]) =>
            {
                None
            }
            // "process the cancellation of flight FL-…", "the user requested cancellation of
            // hotel booking HT-…": the cancellation of a thing is its cancelling.
            None if CANCELLATION_NOUNS.contains(&lower)
                && (after_light_verb || next.is_some_and(|(n, _)| n == "of")) =>
            {
                Some(Meaning::Action(Action::Cancel))
            }
            // "send over the flight options": with no address to send to, they are shown.
            // "share the available flights": flights or hotels sent to no address are shown.
            Some(Meaning::Action(Action::Send))
                if !has_email && (info_ahead(&tokens[k + 1..]) || travel_ahead(&tokens[k + 1..])) =>
            {
                Some(Meaning::Action(Action::Search))
            }
            // "no booking", "hold off on booking": a refused booking, whatever it books.
            None if negated && BOOKING_NOUNS.contains(&lower) => Some(Meaning::Action(Action::Book)),
            // "no cancellations": a refused cancelling.
            None if negated && CANCELLATION_NOUNS.contains(&lower) => Some(Meaning::Action(Action::Cancel)),
            // "don't book anything", "book nothing": what the verb would act on is all there is.
            None if universal => Some(Meaning::Filler),
            // "…but keep the flight": what is kept is not given up.
            None if lower == "keep" && booking_ahead(&tokens[k + 1..]) => Some(Meaning::Negation),
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
            // "a seat on my flight": a seat in a booking that exists, no flight to book.
            Some(Meaning::Object(Object::Flight))
                if matches!(lower, "seat" | "seats")
                    && next.is_some_and(|(n, _)| matches!(n, "on" | "for" | "in"))
                    && tokens.get(k + 2).is_some_and(|w| matches!(bare(w), "my" | "our")) =>
            {
                None
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
            // "delete the email", "cancel the message": what another verb acts on.
            Some(Meaning::Action(Action::Send))
                if after_determiner
                    && MESSAGE_NOUNS.contains(&lower)
                    && action.is_some_and(|(a, _)| a != Action::Send)
                    && !paired =>
            {
                Some(Meaning::Object(Object::Message))
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
        // "make a flight reservation, send the confirmation to x@y": the booking noun a light
        // verb made a verb books the flight or hotel just named, not what a later clause names.
        let books_named = matches!(meaning, Some(Meaning::Action(Action::Book))) && BOOKING_NOUNS.contains(&lower);
        let named_before = previous_object_word.filter(|_| books_named);
        previous_object_word = match meaning {
            Some(Meaning::Object(object @ (Object::Flight | Object::Hotel))) => Some(object),
            _ => None,
        };
        // "my last charge", "my {LOCATION} flight": a few adjectives and slots keep the
        // determiner's reach ("For my manager: charge €45" is a verb).
        // "the hotel room", "my flight booking": a noun after a noun keeps the determiner too.
        let keeps_reach =
            ADJECTIVES.contains(&lower) || word.starts_with('{') || matches!(meaning, Some(Meaning::Object(_)));
        let was_definite = definite;
        let was_after_determiner = after_determiner;
        let was_governed = unknown_verb;
        // "book the first one", "the cheapest": a choice among what was named, no thing unknown.
        let choice = ADJECTIVES.contains(&lower) || CHOICES.contains(&lower);
        let unknown_word = meaning.is_none()
            && !word.starts_with('{')
            && !PEOPLE.contains(&lower)
            && !lower.is_empty()
            && !FUNCTION_WORDS.contains(&lower)
            && !choice;
        // "…, the transfer needs cancelling": a verb after a thing the planner does not know,
        // with nothing it knows to act on in its clause, acts on that thing.
        let orphan_verb = matches!(meaning, Some(Meaning::Action(Action::Book | Action::Cancel)))
            && unknown_subject
            && !object_in_clause
            && !verb_in_clause
            && (ends_clause(word) || !object_ahead(&tokens[k + 1..]));
        object_in_clause |=
            matches!(meaning, Some(Meaning::Object(_) | Meaning::Both(..))) || word.starts_with("{reference}");
        unknown_subject |=
            unknown_word && (after_determiner || lower.ends_with("'s")) && !BOOKING_NOUNS.contains(&lower);
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
            let dropped = action.take();
            paired = true;
            foreign_verb = true;
            // …and when no flight or hotel follows ("Book a massage and charge €40"), still asked
            // for: planning the rest would do less than was asked.
            acted_pending |= !question && dropped.is_some_and(|(a, _)| matches!(a, Action::Book | Action::Cancel));
        } else if unknown_word && !after_determiner {
            unknown_verb = true;
            // …in the passive ("it is demanded that…") or opening its clause ("recommend a hotel"):
            // a request, not what someone did ("I've sorted out lodging").
            let someone = |w: &str| {
                matches!(
                    w,
                    "i" | "we"
                        | "i've"
                        | "we've"
                        | "i'd"
                        | "we'd"
                        | "i'll"
                        | "we'll"
                        | "i'm"
                        | "we're"
                        | "he"
                        | "she"
                        | "they"
                        | "you"
                        | "he's"
                        | "she's"
                        | "they've"
                )
            };
            unread_request = matches!(previous, "is" | "are" | "was" | "were" | "be" | "been" | "being")
                || (clause_start && !someone(previous) && !someone(lower));
            // A verb is followed by what it acts on; an adjective ("round-trip flights") is not,
            // and a light verb takes an action noun ("make a reservation", "take a payment") or
            // is a verb of its own ("add my frequent flyer number to the flight").
            foreign_verb |= (!LIGHT_VERBS.contains(&lower) || !known_object_ahead(&tokens[k + 1..]))
                && !tells_what_happens(&tokens[..k], lower)
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
        // …which goes on over whom it is for and how it is ("get me extra legroom on the flight").
        let for_whom_or_how =
            matches!(lower, "me" | "us" | "him" | "her" | "them") || PEOPLE.contains(&lower) || choice;
        verb_phrase = matches!(meaning, Some(Meaning::Action(_))) || (verb_phrase && (unknown_word || for_whom_or_how));
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
            (object_in_clause, unknown_subject) = (false, false);
        }
        previous = lower;
        // "Booking FL-… needs cancelling": a reference no verb waits for names the object of
        // one after it.
        if let Some(object) = referenced.filter(|_| meaning.is_none()) {
            last_object = Some(object);
        }
        match meaning {
            Some(Meaning::Negation) => negated = true,
            Some(Meaning::Action(_)) if orphan_verb => {
                // Asked for with an action no tool does, on whatever was named before: refused,
                // never done to the flight or hotel of an earlier clause.
                if let Some(object) = last_object.filter(|_| !negated && !question) {
                    intents.insert(Intent { negated: false, action: Action::Other, object });
                }
                if let Some(previous) = action.take().filter(|_| !paired) {
                    pending.push(previous);
                }
                paired = true;
                negated = false;
                verb_in_clause = true;
            }
            Some(Meaning::Action(a)) if !paired && action.is_some_and(|(current, _)| current == a) => {
                action = action.map(|(current, neg)| (current, neg || negated));
                negated = false;
                verb_in_clause = true;
            }
            Some(Meaning::Action(a)) => {
                // "Book a limo and email x@y": the limo stays asked for after the next verb.
                acted_on_unknown |= std::mem::take(&mut acted_pending);
                verb_in_clause = true;
                // "Cancel my gym membership and book a flight" cancels no flight.
                let acted_on_thing = std::mem::take(&mut unknown_object);
                match action.filter(|_| !paired) {
                    Some((Action::Book | Action::Cancel, said_not)) if acted_on_thing => {
                        acted_on_unknown |= !said_not && !question;
                    }
                    Some(previous) => pending.push(previous),
                    None => {}
                }
                // "How do I get a refund?", "What if you cancel it?": asked about, not for.
                let refused = participle && wanting_refused;
                action = Some((a, negated || refused || own(a) || (inquiring[k] && a != Action::Search)));
                paired = false;
                negated = false;
                if let Some((object, (a, said_not))) = named_before.zip(action) {
                    intents.insert(Intent { negated: said_not, action: a, object });
                    paired = true;
                }
            }
            Some(Meaning::Object(object)) => {
                let previous_object = last_object.replace(object);
                for (p, pneg) in pending.drain(..) {
                    intents.insert(Intent { negated: pneg, action: p, object });
                }
                let about = next.is_some_and(|(n, _)| ABOUT.contains(&n));
                // "Give me flight times": what is given to the user about an object is looked up.
                let told = about && tokens[k.saturating_sub(3)..k].iter().any(|w| matches!(bare(w), "me" | "us"));
                // "Would it be possible to upgrade my seat on the flight?", "How do I change my
                // flight?": asked for or about, a verb no tool does is never answered with a
                // search; "Can you pull the flight schedule?" asks for facts about the flight.
                if foreign_verb && !negated && (!question || !about) && !told {
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
                    // "Book a flight to Oslo, a hotel for 2 nights" carries the verb on; a clause
                    // with words it does not know ("…, I'll sort a place near my parents") may
                    // say anything of the object: it is refused rather than booked or dropped.
                    let carried = paired && !verb_in_clause && action.is_some_and(|(a, n)| !n && a != Action::Search);
                    // "Book a flight to Riga, seat 3A": more about the object just acted on.
                    let same_object = previous_object == Some(object);
                    let unclear = clause_unknown[k] && object != Object::Message && !same_object;
                    if carried && !negated && !subject && !wanted && !question && unclear {
                        intents.insert(Intent { negated: false, action: Action::Other, object });
                    }
                    // "Except for the refund, do it all: flight to Oslo, …": a refusal carried into
                    // a later clause may or may not reach what it names there; refused, never guessed.
                    let refusal_carried =
                        !verb_in_clause && !negated && !question && action.is_some_and(|(_, said_not)| said_not);
                    if refusal_carried && matches!(object, Object::Flight | Object::Hotel) {
                        intents.insert(Intent { negated: false, action: Action::Other, object });
                    }
                    let chosen = match action {
                        // "Refund PM-…, no further charges": the word refused says what is.
                        _ if negated && lower == "charges" => Some(((Action::Pay, true), true)),
                        Some(said) if !subject => Some((said, false)),
                        // "no further charges": money refused moves no way.
                        _ if negated && object == Object::Payment => Some(((Action::Pay, true), true)),
                        _ => default_action(object, asks, referred || subject).map(|a| ((a, false), true)),
                    };
                    if let Some(((a, was_negated), by_default)) = chosen {
                        let intent = Intent { negated: was_negated || negated, action: a, object };
                        if by_default {
                            unspoken.insert(intent);
                        }
                        intents.insert(intent);
                    } else if was_governed
                        && !was_definite
                        && !negated
                        && !question
                        && !modifier
                        && matches!(object, Object::Flight | Object::Hotel)
                    {
                        if unread_request {
                            governed_unplaced.insert(object);
                        }
                        unplaced_indefinite.insert(object);
                    }
                }
                paired = true;
                // "not hotel accommodation": the refusal reaches the whole compound noun.
                let compound = !ends_clause(word)
                    && next.is_some_and(|(n, _)| matches!(lookup(n), Some((_, Meaning::Object(o))) if o == object));
                negated = negated && compound;
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
        if let Some((a, said_not)) = action.filter(|_| collective && !named.is_empty()) {
            for &object in &named {
                intents.insert(Intent { negated: said_not, action: a, object });
            }
            paired = true;
        }
        if let Some(object @ (Object::Flight | Object::Hotel)) = match meaning {
            Some(Meaning::Object(object) | Meaning::Both(_, object)) => Some(object),
            _ => None,
        } {
            named.insert(object);
        }
        if let Some((a, _)) = action.filter(|_| refuses_all && !paired) {
            for &object in all_objects(a) {
                intents.insert(Intent { negated: true, action: a, object });
            }
            // "neither book nor hold anything - just find flights": the refusal is spent.
            (paired, negated) = (true, false);
        }
        // A negation that reached nothing after it refuses the verb of its clause before it:
        // "x@y doesn't need to hear about it" (the address is the verb of sending).
        if (clause_ends || k + 1 == tokens.len()) && negated && verb_in_clause && !paired {
            action = action.map(|(a, _)| (a, true));
        }
        // "Get me a place to stay": what the verb acted on was placed by a word of the lexicon.
        if matches!(meaning, Some(Meaning::Object(_) | Meaning::Both(..))) {
            acted_pending = false;
        }
        if clause_ends || k + 1 == tokens.len() {
            acted_on_unknown |= acted_pending;
            acted_pending = false;
        }
        // "Scratch my earlier request; just list flights": a verb whose clause gave it a thing the
        // planner does not know acts on that thing, never on a flight named in a later clause.
        // A quantity determines a noun too: "book 7 nights' accomodation".
        let after_quantity =
            k >= 1 && (tokens[k - 1].starts_with("{number}") || matches!(bare(tokens[k - 1]), "nights" | "night"));
        unknown_object |=
            unknown_word && (was_after_determiner || after_quantity) && !paired && !BOOKING_NOUNS.contains(&lower);
        // …but a list after it may be what it acts on: "Book the works: flight to Oslo, hotel 2
        // nights".
        let list_follows = object_ahead(&tokens[k + 1..]) && !verb_ahead(&tokens[k + 1..]);
        if clause_ends || k + 1 == tokens.len() {
            let acted_on_thing = std::mem::take(&mut unknown_object) && !list_follows;
            let waiting = action.filter(|(a, _)| !paired && matches!(a, Action::Book | Action::Cancel));
            if let Some((_, said_not)) = waiting.filter(|_| acted_on_thing) {
                acted_on_unknown |= !said_not && !question;
                (action, paired) = (None, true);
            }
        }
        // A negation's reach ends with its clause too: "I'm not going any more, so cancel it".
        if clause_ends {
            negated = false;
            verb_in_clause = false;
        }
        // A verb does not reach past its sentence: "…, can you book it? Sent from my iPhone" books
        // the hotel named before, not "my iPhone"; "Get me a manager. The hotel in X was filthy"
        // books nothing.
        if let Some((a, neg)) = action.filter(|_| ends_sentence(word) && !paired) {
            let objects = implied_objects(a, last_object, &unplaced_indefinite);
            intents.extend(objects.into_iter().map(|object| Intent { negated: neg, action: a, object }));
            (action, paired) = (None, true);
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
        let objects = implied_objects(a, last_object, &unplaced_indefinite);
        intents.extend(objects.into_iter().map(|object| Intent { negated: neg, action: a, object }));
    }
    // "It is demanded that a flight to Oslo be procured, and x@y emailed", "Procure a flight and
    // email x@y": a flight or hotel asked for with a verb the planner does not read, that nothing
    // else in the goal acts on, is not left out of a plan that does the rest.
    for object in governed_unplaced {
        if !intents.iter().any(|i| i.object == object) {
            intents.insert(Intent { negated: false, action: Action::Other, object });
        }
    }
    // With nothing else asked for, the goal is refused as one with no task anyway.
    if let Some(object) = last_object.or_else(|| intents.iter().map(|i| i.object).next()).filter(|_| acted_on_unknown) {
        intents.insert(Intent { negated: false, action: Action::Other, object });
    }
    // Money named with no verb anywhere that says which way it goes ("handle my trip: a
    // flight, a charge of €40") is asked for with nothing the planner can do safely: planning
    // the rest would do less than was asked.
    if loose_money && !intents.iter().any(|i| matches!(i.action, Action::Pay | Action::Refund | Action::Cancel)) {
        intents.insert(Intent { negated: false, action: Action::Other, object: Object::Payment });
    }
    // "…; no notifications to x@y" already said what becomes of the message.
    if addresses > described_addresses
        && !intents.iter().any(|i| i.action == Action::Send || i.object == Object::Message)
    {
        intents.insert(Intent { negated: false, action: Action::Send, object: Object::Message });
    }
    without_contradictions(normalise(without_refused(intents, &unspoken)), &unspoken)
}

/// All a verb could act on, for a refusal of everything: "don't book anything" books no flight
/// and no hotel.
const fn all_objects(action: Action) -> &'static [Object] {
    match action {
        Action::Book | Action::Cancel | Action::Search | Action::Other => &[Object::Flight, Object::Hotel],
        Action::Pay | Action::Refund => &[Object::Payment],
        Action::Send => &[Object::Message],
    }
}

/// What a verb with no object of its own acts on ([`implied_object`]), and, for a booking, also
/// what was named indefinitely and given nothing else to do (`unplaced`): "Caller asked for a
/// flight to X plus a hotel - please book" books the flight named under the verb the planner does
/// not read as well as the hotel named last. Empty when the verb reaches nothing.
fn implied_objects(action: Action, last_object: Option<Object>, unplaced: &BTreeSet<Object>) -> Vec<Object> {
    let Some(first) = implied_object(action, last_object) else {
        return Vec::new();
    };
    let also = unplaced.iter().copied().filter(|_| action == Action::Book);
    std::iter::once(first).chain(also).collect()
}

/// What a verb with no object of its own acts on: a message is sent, money paid or refunded,
/// and a flight or hotel is the one named last before it ("the hotel in Perth, cancel it").
const fn implied_object(action: Action, last_object: Option<Object>) -> Option<Object> {
    match action {
        Action::Send => Some(Object::Message),
        Action::Pay | Action::Refund => Some(Object::Payment),
        Action::Book | Action::Cancel | Action::Search | Action::Other => last_object,
    }
}

/// Whether the unknown word `lower`, after `before`, tells what someone did or does rather than
/// asks for it: "The user has approved the itinerary", "I approved it" (a request's verb is no
/// participle or past tense), "I'd love a flight" (what the user likes), "which airline operates
/// the flight" (what a carrier does). "Can I rebook my flight?" asks.
fn tells_what_happens(before: &[&str], lower: &str) -> bool {
    let previous = before.last().map_or("", |w| bare(w));
    let asked = before.len() >= 2
        && matches!(bare(before[before.len() - 2]), "do" | "can" | "could" | "should" | "may" | "would");
    let user_says = matches!(previous, "i" | "we" | "i'd" | "we'd" | "i'll" | "we'll" | "i'm" | "we're") && !asked;
    lower.ends_with("ed")
        || user_says
        || matches!(previous, "has" | "have" | "had" | "was" | "were")
        || matches!(lookup(previous), Some((_, Meaning::Object(_))))
}

/// Objects named with no action before them: "a hotel in Rome" means book one, unless the
/// goal is a question ("what flights are there…?"), which asks to look, or the object is
/// `referred` to rather than asked for: one that exists already ("delay my flight", "confirm
/// the hotel") or one a verb the planner does not know governs ("I'd like to see flights"),
/// which asks for nothing it can do. Money never moves
/// without a verb that says which way: a payment named with none ("sort out payment PM-…")
/// asks for nothing the planner knows, and is refused rather than charged.
pub(super) const fn default_action(object: Object, question: bool, referred: bool) -> Option<Action> {
    match object {
        Object::Payment => None,
        // "The user has approved the itinerary": a message referred to is not sent (an address
        // in the goal still asks for one).
        Object::Message if referred => None,
        Object::Message => Some(Action::Send),
        Object::Flight | Object::Hotel if question => Some(Action::Search),
        Object::Flight | Object::Hotel if referred => None,
        Object::Flight | Object::Hotel => Some(Action::Book),
    }
}

/// A goal that cancels something never books it by default too: "I won't need the hotel, cancel
/// it" mentions the hotel before the verb, which alone would read as booking one. A booking a
/// verb asked for stays: "Cancel hotel HT-… and book a new one in Oslo" rebooks.
pub(super) fn without_contradictions(signature: Signature, unspoken: &BTreeSet<Intent>) -> Signature {
    let cancelled: BTreeSet<Object> =
        signature.0.iter().filter(|i| !i.negated && i.action == Action::Cancel).map(|i| i.object).collect();
    Signature(
        signature
            .0
            .into_iter()
            .filter(|i| !(i.action == Action::Book && cancelled.contains(&i.object) && unspoken.contains(i)))
            .collect(),
    )
}

/// What a goal says not to do is not done where nothing but a noun asked for it: in "I'm
/// staying with friends, so no hotel", "staying" would book the hotel that "no hotel" refuses,
/// and in "A hotel in Oslo. Actually, don't book it." the hotel named with no verb would be
/// booked. An intent a verb said stays: the refusal may reach past its object ("book a flight
/// but not a hotel (work travel)").
pub(super) fn without_refused(intents: BTreeSet<Intent>, unspoken: &BTreeSet<Intent>) -> BTreeSet<Intent> {
    let refused: BTreeSet<(Action, Object)> =
        intents.iter().filter(|i| i.negated).map(|i| (i.action, i.object)).collect();
    intents
        .into_iter()
        .filter(|i| i.negated || !(unspoken.contains(i) && refused.contains(&(i.action, i.object))))
        .collect()
}

/// "send … payment/flight details" is a message about them, not an action on them; "pay for
/// a flight" is a payment.
pub(super) fn normalise(intents: BTreeSet<Intent>) -> Signature {
    Signature(
        intents
            .into_iter()
            .map(|i| match (i.action, i.object) {
                (Action::Other, _) => i,
                (Action::Send, _) => Intent { object: Object::Message, ..i },
                (Action::Pay, _) => Intent { object: Object::Payment, ..i },
                (Action::Refund, _) => Intent { object: Object::Payment, ..i },
                // "Cancel the email to x@y", "delete the message": none is sent.
                (Action::Cancel, Object::Message) => Intent { action: Action::Send, negated: true, ..i },
                (_, Object::Message) => Intent { action: Action::Send, ..i },
                // "Arrange a flight and a payment of €40": booking money says not which way.
                (Action::Book | Action::Search, Object::Payment) => Intent { action: Action::Other, ..i },
                _ => i,
            })
            .collect(),
    )
}

/// Per token, whether it comes after a verb in the past tense in a clause that says when, in the
/// past: "I asked you to book FL-… last week" tells what was asked, "…, like you did last month"
/// and "Book a flight like you did last time" ask now.
fn told_in_the_past(tokens: &[&str]) -> Vec<bool> {
    let mut told = vec![false; tokens.len()];
    for clause_at in spans(tokens, ends_clause) {
        let clause: Vec<&str> = tokens[clause_at.clone()].iter().map(|w| bare(w)).collect();
        let past = clause
            .windows(2)
            .any(|pair| pair[0] == "last" && matches!(pair[1], "week" | "month" | "year" | "time" | "night" | "trip"))
            || clause.iter().any(|w| matches!(*w, "yesterday" | "ago"));
        let told_from =
            clause.iter().position(|w| (w.ends_with("ed") && !known_word(w)) || matches!(*w, "had" | "did"));
        if let Some(at) = told_from.filter(|_| past) {
            told[clause_at.start() + at + 1..=*clause_at.end()].fill(true);
        }
    }
    told
}

/// Per token, whether its clause has a word the lexicon does not know (no slot, function word or
/// choice among what was named).
fn clauses_with_unknown_words(tokens: &[&str]) -> Vec<bool> {
    let mut unknown = vec![false; tokens.len()];
    for clause_at in spans(tokens, ends_clause) {
        let any = tokens[clause_at.clone()].iter().any(|w| {
            let lower = bare(w);
            !w.starts_with('{') && !lower.is_empty() && !known_word(lower) && !BOOKING_NOUNS.contains(&lower)
        });
        unknown[clause_at].fill(any);
    }
    unknown
}
