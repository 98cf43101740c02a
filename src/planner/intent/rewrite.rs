//! Rewriting a goal's text before it is read: phrases that mean one word of the lexicon
//! ("call off" is cancel), verbs and their split particles ("leave the hotel out"), and
//! negations moved before what they negate ("hotel not required" is "not hotel").

use super::lexicon::{BOOKING_NOUNS, FUNCTION_WORDS, Meaning, NEEDED, SEEN_TO, bare, ends_clause, known_word, lookup};
use super::passive::front_passives;
use super::spelling::corrected;

/// Phrases that mean one word of the lexicon ("call off" is cancel, "won't need" is a
/// negation); matched on lower-case text with word boundaries.
pub(super) const PHRASES: [(&str, &str); 226] = [
    ("have to", "must"),
    ("has to", "must"),
    // A booking in the gerund: "the hotel needs booking" (the noun "booking" books nothing).
    ("needs booking", "book"),
    ("need booking", "book"),
    // Deferral is a "not yet": "hold off on booking the flight".
    ("hold off", "not"),
    // A mail's sign-off is a sentence of its own, whatever line it was on.
    ("sent from my", ". sent-from my"),
    // Courtesies that ask: "would you mind booking…", "if it's not too much trouble, email…".
    ("would you mind", "please"),
    ("if it's not too much trouble", "please"),
    ("if it is not too much trouble", "please"),
    ("i'm afraid", ""),
    ("i am afraid", ""),
    ("i'd appreciate", "i'd like"),
    ("we'd appreciate", "we'd like"),
    ("i would appreciate", "i'd like"),
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
    ("ring up {amount}", "charge {amount}"),
    ("ring up", "run"),
    ("fire off", "send"),
    ("set me up with", "book me"),
    ("set us up with", "book us"),
    ("set up", "arrange"),
    ("proceed with", "make"),
    ("make sure i have", "book me"),
    ("make sure we have", "book us"),
    ("sort out", "arrange"),
    ("lock in", "book"),
    ("put me on", "book me on"),
    ("put us on", "book us on"),
    ("pop me on", "book me on"),
    ("pop us on", "book us on"),
    // "what sort of hotels…": a kind, no arranging.
    ("sort of", ""),
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
    ("taking a payment", "charge payment"),
    ("taking payment", "charge payment"),
    ("give back", "refund"),
    ("make a payment", "pay"),
    ("make payment", "pay"),
    ("called off", "cancel"),
    ("no longer needed", "cancel"),
    // "We no longer need the hotel": a booking that exists is not wanted any more.
    ("we no longer need", "cancel"),
    ("i no longer need", "cancel"),
    ("no longer need", "cancel"),
    ("i no longer want", "cancel"),
    ("we no longer want", "cancel"),
    ("not needed", "cancel"),
    ("no longer", "not"),
    // "Book a flight and nothing else": a limit, not a refusal of anything named.
    ("and nothing else", "only"),
    // "are there flights or not": a question, no refusal.
    ("or not", ""),
    // "…and nothing for accommodation": none of it.
    ("nothing for", "no"),
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
    ("curious what", "what"),
    ("curious which", "which"),
    ("interested in", "search"),
    ("won't", "not"),
    ("wont", "not"),
    ("shan't", "not"),
    ("shall not", "not"),
    // "I shan't be needing the hotel": the progressive of need.
    ("be needing", "need"),
    // "the client wants her money back": a refund.
    ("money back", "refund"),
    ("will not", "not"),
    ("do without", "not"),
    ("i have", "i-have"),
    ("we have", "i-have"),
    ("i've got", "i-have"),
    ("we've got", "i-have"),
    ("as well", "too"),
    ("put me up", "book me a hotel"),
    ("put us up", "book us a hotel"),
    ("somewhere to sleep", "a hotel"),
    ("a place to sleep", "a hotel"),
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
    // "spare x@y the email": none for them.
    ("spare {email}", "not {email}"),
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
    ("her own", "not"),
    ("his own", "not"),
    ("their own", "not"),
    ("staying with", "not staying with"),
    ("stay with", "not stay with"),
    ("does not", "not"),
    ("i will", "i'll"),
    ("we will", "we'll"),
    // The formal register: "It is requested that…", "Kindly effect a reservation…".
    ("it is requested that", "please"),
    ("it is requested", "please"),
    ("it would be appreciated if", "please"),
    ("effect a", "make a"),
    ("effect an", "make an"),
    ("effect the", "make the"),
    ("effect reservations", "make reservations"),
    ("kindly advise", "show me"),
    ("an overview of", "a list of"),
    ("requests information on", "search"),
    ("request information on", "search"),
    // A travel desk's shorthand: "ticket 1 pax", "issue the ticket", "o/w", "avail".
    ("issue a ticket", "book a flight"),
    ("issue the ticket", "book it"),
    ("issue the e-ticket", "book it"),
    ("o/w", "flight"),
    ("one-way flight", "flight"),
    ("one-way ticket", "flight"),
    ("one-way", "flight"),
    ("air conditioning", "air-conditioning"),
    ("air con", "aircon"),
    // "avail to Oslo" is seats on flights there; "flight avail to Oslo" says so itself.
    ("need avail to", "need flights to"),
    ("check avail to", "check flights to"),
    ("avail", "availability"),
    ("credit back", "refund"),
    ("process {amount}", "charge {amount}"),
    // "hotel confirmation HT-…" names a booking, no message.
    ("confirmation {reference}", "booking {reference}"),
    ("confirmation number {reference}", "booking {reference}"),
    // Negations of negations and of everything: "don't skip any of it", "nothing gets booked".
    ("don't skip any of it", ""),
    ("do not skip any of it", ""),
    ("don't skip", "do"),
    ("do not skip", "do"),
    ("nothing gets booked", "book nothing"),
    ("nothing is booked", "book nothing"),
    ("minus the", "without the"),
    ("minus a", "without a"),
    // Questions that ask for something: "Why don't you book…?", "How about emailing…?".
    ("why don't you", "please"),
    ("why do not you", "please"),
    ("why not", "please"),
    ("is it possible for you to", "please"),
    ("how about booking", "please book"),
    ("how about reserving", "please reserve"),
    ("how about cancelling", "please cancel"),
    ("how about charging", "please charge"),
    ("how about refunding", "please refund"),
    ("how about emailing", "please email"),
    ("how about sending", "please send"),
    ("how about", ""),
    ("mind booking", "please book"),
    ("mind reserving", "please reserve"),
    ("mind cancelling", "please cancel"),
    ("mind emailing", "please email"),
    ("see to", "please"),
    // A label that refuses what it labels: "**Skip:** hotel".
    ("skip ,", "skip"),
    // Idioms: what they mean, not what their words do ("drop everything", "pull the plug").
    ("drop everything and", ""),
    ("drop me a", "send me a"),
    ("drop us a", "send us a"),
    ("a rundown of", "a list of"),
    ("no strings attached", ""),
    ("pull the trigger on", "book"),
    ("lock down", "book"),
    ("nail down", "book"),
    ("pull the plug on", "cancel"),
    ("a place to crash", "a hotel"),
    ("crash at", "stay at"),
    ("a roof over my head", "a hotel"),
    ("money's no object", ""),
    ("money is no object", ""),
    ("loop in {email}", "email {email}"),
    ("ping {email}", "email {email}"),
    ("keep {email} out of the loop", "not email {email}"),
    // Relayed requests: "Caller asked us to…", "The customer is asking for…".
    ("asked us to", "please"),
    ("asking us to", "please"),
    ("asks us to", "please"),
    ("asking what", "wanting to know what"),
    ("asking which", "wanting to know which"),
    ("hasn't decided to", "not"),
    ("has not decided to", "not"),
    ("agreed to be charged", "charge"),
    ("authorised a charge of", "charge"),
    ("authorized a charge of", "charge"),
    ("let {email} know", "email {email}"),
];

/// `text` in lower case with [`PHRASES`] replaced and negations put before what they negate.
pub(super) fn rewrite_phrases(text: &str) -> String {
    // First, so that "hotel not needed" negates the hotel before "not needed" reads as cancel.
    let lower = without_typing_errors(&without_chat_syntax(&text.to_lowercase()));
    let active = front_passives(&expand_contractions(&lower));
    let mut out = prepose_negations(&join_split_particles(&active));
    for (phrase, word) in PHRASES {
        out = out.replace(&format!(" {phrase} "), &format!(" {word} "));
    }
    // What `front_passives` left: "payment PM-… needs to be refunded" after words it did not
    // read as one subject. "could be cancelled" is left alone: it says what may happen.
    for (participle, verb) in PASSIVE_REQUESTS {
        for modal in ["to", "must", "should"] {
            out = out.replace(&format!(" {modal} be {participle} "), &format!(" {verb} "));
        }
    }
    without_opening_markers(&out)
}

/// `text` without what a chat platform adds to it: "@travelbot" and a "/apex" command address the
/// goal and say nothing of it, and a command's flags are words ("--no-email x@y" is "no email
/// x@y", "--hotel-nights 3" is "hotel nights 3").
fn without_chat_syntax(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .enumerate()
        .filter(|(k, word)| !(word.starts_with('@') || (*k == 0 && word.starts_with('/'))))
        .map(|(_, word)| match word.strip_prefix("--") {
            Some(flag) if flag.starts_with(char::is_alphabetic) => flag.replace('-', " "),
            _ => word.to_owned(),
        })
        .collect();
    words.join(" ")
}

/// `text` with each typing error read as the word meant ([`corrected`]); a word the lexicon or
/// its word classes know is never changed.
fn without_typing_errors(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            let stem = bare(word);
            let known = word.starts_with('{') || known_word(stem);
            match corrected(stem).filter(|_| !known) {
                Some(meant) => word.replacen(stem, meant, 1),
                None => word.to_owned(),
            }
        })
        .collect();
    words.join(" ")
}

/// Words that, after "X's", say the `'s` is "is" (or "has"): "the hotel's not needed", "the
/// flight's been booked"; a possessive is followed by a noun ("the hotel's address").
const PREDICATES: [&str; 12] =
    ["not", "no", "been", "already", "all", "on", "off", "fine", "gone", "cancelled", "canceled", "unnecessary"];

/// `text` with "X's" read as "X is" where X is a flight, hotel, payment or message and a
/// predicate follows ([`PREDICATES`], [`SEEN_TO`], [`NEEDED`]): otherwise "hotel's" is a word
/// the lexicon does not know, and "hotel's not needed" would cancel what came before it.
fn expand_contractions(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::with_capacity(words.len() + 2);
    for (k, word) in words.iter().enumerate() {
        let stem = word.strip_suffix("'s").or_else(|| word.strip_suffix("\u{2019}s"));
        let predicate = words
            .get(k + 1)
            .map(|w| bare(w))
            .is_some_and(|next| PREDICATES.contains(&next) || SEEN_TO.contains(&next) || NEEDED.contains(&next));
        match stem {
            Some(stem) if predicate && matches!(lookup(bare(stem)), Some((_, Meaning::Object(_)))) => {
                out.push(stem.to_owned());
                out.push("is".to_owned());
            }
            _ => out.push((*word).to_owned()),
        }
    }
    out.join(" ")
}

/// Requests in the passive, after a modal and "be": "payment PM-… needs to be refunded", "the
/// hotel has to be cancelled".
const PASSIVE_REQUESTS: [(&str, &str); 3] = [("refunded", "refund"), ("cancelled", "cancel"), ("canceled", "cancel")];

/// Words that open speech and say nothing: "so, what flights go to Oslo", "so like are there…"
/// (spoken fillers, "um" and "uh", never reach the rewrite: the template drops them).
const MARKERS: [&str; 10] = ["so", "like", "ok", "okay", "yeah", "well", "oh", "hmm", "hey", "hi"];

/// Whom a greeting addresses: "hey assistant, what flights…", "hi there, book…".
const ADDRESSEES: [&str; 5] = ["assistant", "there", "apex", "bot", "team"];

/// `text` without the [`MARKERS`] it opens with (and the one a greeting addresses), so that "um
/// what flights…" and "hey assistant what flights…" open with their question word.
fn without_opening_markers(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let markers = |from: usize| words[from..].iter().take_while(|w| MARKERS.contains(&bare(w)) || **w == ",").count();
    let mut skip = markers(0);
    let greeted = skip > 0 && matches!(bare(words[skip - 1]), "hey" | "hi");
    if greeted && words.get(skip).is_some_and(|w| ADDRESSEES.contains(&bare(w))) {
        skip += 1 + markers(skip + 1);
    }
    format!(" {} ", words[skip..].join(" "))
}

/// Verbs whose particle may follow their object, and the one word they mean together:
/// "leave the hotel out" is "not the hotel", "give the money back" is "refund the money",
/// "call the flight off" is "cancel the flight".
pub(super) const SPLIT_PARTICLES: [(&str, &str, &str); 12] = [
    ("put", "back", "refund"),
    ("keep", "off", "not"),
    ("leave", "out", "not"),
    ("leave", "off", "not"),
    // "drop me off at the hotel" is a ride there, no cancellation.
    ("drop", "off", "drop-off"),
    ("sort", "out", "arrange"),
    ("hand", "back", "refund"),
    ("keep", "out", "not"),
    ("give", "back", "refund"),
    ("pay", "back", "refund"),
    ("call", "off", "cancel"),
    ("write", "off", "cancel"),
];

/// A verb and its particle split by the object ([`SPLIT_PARTICLES`]), up to four words
/// apart, made the one word they mean, before the object, where [`signature`] reads it; "leave
/// … to me" is a "not" the same way.
pub(super) fn join_split_particles(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    let mut i = 0;
    while i < words.len() {
        // The particle belongs to the verb only within its clause: "keep it, out of…" does not.
        let within_clause =
            (i + 2..words.len().min(i + 6)).take_while(|&j| !words[j - 1].ends_with([',', ';', '.', '!', '?']));
        let particle_at = |particle: &str| within_clause.clone().find(|&j| bare(&words[j]) == particle);
        // "leave the hotel to me": what the user sees to is not asked for.
        let to_user = within_clause
            .clone()
            .find(|&j| bare(&words[j]) == "to" && words.get(j + 1).is_some_and(|w| matches!(bare(w), "me" | "us")));
        if let Some(j) = to_user.filter(|_| words[i] == "leave") {
            let punctuation = words[j + 1].trim_start_matches(char::is_alphanumeric).to_owned();
            words[i] = "not".to_owned();
            words.drain(j..=j + 1);
            words[j - 1].push_str(&punctuation);
        } else if let Some((j, particle, meaning)) = SPLIT_PARTICLES
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

/// How many words of a copula open `rest`: "is", "has been", "will be" (0: none).
pub(super) fn copula_length(rest: &[&str]) -> usize {
    let mut words = rest.iter().map(|w| bare(w));
    match (words.next(), words.next()) {
        (Some("has" | "have" | "had"), Some("been")) | (Some("will"), Some("be")) => 2,
        (Some("is" | "are" | "was" | "were"), _) => 1,
        _ => 0,
    }
}

/// "…, hotel not required" and "the hotel is not needed" negate the hotel: the negation is
/// moved before the object, where [`signature`] reads it ("not hotel").
pub(super) fn prepose_negations(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    answer_labels_with_no(&mut words);
    let mut i = 0;
    while i < words.len() {
        let is_object = matches!(lookup(bare(words[i])), Some((_, Meaning::Object(_))));
        // "booking not needed" refuses a booking as "hotel not needed" refuses a hotel.
        let is_booking = BOOKING_NOUNS.contains(&bare(words[i]));
        // "the hotel is not needed", "hotel: not needed" (the colon is a comma by now)
        let copula = usize::from(words.get(i + 1).is_some_and(|w| matches!(bare(w), "is" | "are") || *w == ","));
        let negation = words
            .get(i + 1 + copula)
            .is_some_and(|w| matches!(bare(w), "not" | "isn't" | "aren't" | "none" | "no" | "won't"));
        // "a hotel won't be necessary" (by now "not be necessary")
        let be = usize::from(words.get(i + 2 + copula).is_some_and(|w| bare(w) == "be"));
        let needed = words.get(i + 2 + copula + be).is_some_and(|w| NEEDED.contains(&bare(w)));
        // "the hotel is (already) taken care of", "the hotel has been arranged"
        let to_be = copula_length(&words[i + 1..]);
        let already = usize::from(words.get(i + 1 + to_be).is_some_and(|w| bare(w) == "already"));
        // "the hotel is on me": the user sees to it too.
        let on_me = words.get(i + 1 + to_be).is_some_and(|w| bare(w) == "on")
            && words.get(i + 2 + to_be).is_some_and(|w| matches!(bare(w), "me" | "us"));
        // "hotel already paid": no copula, "already" says it.
        let already_seen_to = words.get(i + 1).is_some_and(|w| bare(w) == "already")
            && words.get(i + 2).is_some_and(|w| SEEN_TO.contains(&bare(w)));
        let seen_to = already_seen_to
            || (to_be > 0 && (words.get(i + 1 + to_be + already).is_some_and(|w| SEEN_TO.contains(&bare(w))) || on_me));
        // "the hotel can wait": not now.
        let deferred = words.get(i + 1).is_some_and(|w| matches!(bare(w), "can" | "will" | "could" | "should"))
            && words.get(i + 2).is_some_and(|w| bare(w) == "wait");
        // "hotel I don't need", "hotel we do not want"
        let refused_by_user = user_refuses(&words[i + 1..]);
        // "…, hotel no": a bare "no" after the object closes its clause.
        let bare_no = words.get(i + 1).is_some_and(|w| matches!(bare(w), "no" | "not"))
            && words.get(i + 2).is_none_or(|w| bare(w).is_empty());
        // "…, transfer not needed", "the parking is no longer needed": a thing the planner
        // does not know, not wanted, asks for nothing (and cancels nothing named before it).
        let unknown = lookup(bare(words[i])).is_none()
            && !bare(words[i]).is_empty()
            && !is_booking
            && !words[i].starts_with('{')
            && !FUNCTION_WORDS.contains(&bare(words[i]));
        let no_longer = words.get(i + 1 + copula).is_some_and(|w| bare(w) == "no")
            && words.get(i + 2 + copula).is_some_and(|w| bare(w) == "longer");
        let unneeded_at = i + 2 + copula + usize::from(no_longer);
        if unknown && (negation || no_longer) && words.get(unneeded_at).is_some_and(|w| NEEDED.contains(&bare(w))) {
            let punctuation = words[unneeded_at].trim_start_matches(char::is_alphanumeric);
            words[unneeded_at] = unneeded(punctuation);
            words.drain(i + 1..unneeded_at);
            i += 2;
        } else if (is_object || is_booking) && negation && needed {
            words.remove(i + 1 + copula);
            words.insert(compound_start(&words, i), "not");
            i += 3 + copula;
        } else if is_object && deferred {
            words.drain(i + 1..=i + 2);
            words.insert(compound_start(&words, i), "not");
            i += 2;
        } else if is_object && refused_by_user > 0 {
            words.drain(i + 1..i + 1 + refused_by_user);
            words.insert(compound_start(&words, i), "not");
            i += 2;
        } else if is_object && bare_no {
            words.remove(i + 1);
            words.insert(compound_start(&words, i), "not");
            i += 2;
        } else if is_object && seen_to {
            words.insert(compound_start(&words, i), "not");
            i += 4;
        } else {
            i += 1;
        }
    }
    format!(" {} ", words.join(" "))
}

/// Where the compound noun ending at `i` starts: "hotel accommodation is not required" refuses
/// the hotel accommodation, so the negation goes before "hotel".
fn compound_start(words: &[&str], i: usize) -> usize {
    let noun = |w: &str| {
        let w = bare(w);
        matches!(lookup(w), Some((_, Meaning::Object(_)))) || BOOKING_NOUNS.contains(&w)
    };
    let run = words[..i].iter().rev().take_while(|w| noun(w) && !ends_clause(w)).count();
    i - run
}

/// "unneeded" closing its clause or sentence as the word it stands for did.
fn unneeded(punctuation: &str) -> &'static str {
    match punctuation.chars().next() {
        Some(',') => "unneeded,",
        Some(';') => "unneeded;",
        Some(':') => "unneeded:",
        Some('.') => "unneeded.",
        Some('!') => "unneeded!",
        Some('?') => "unneeded?",
        _ => "unneeded",
    }
}

/// A label answered "no" ("…; hotel: no", "email to x@y: no") refuses what it labels, and a
/// question answered "No" ("Cancel it? No, …") what it asks: the "no" is moved to the start of
/// its clause ("not hotel").
pub(super) fn answer_labels_with_no(words: &mut Vec<&str>) {
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
pub(super) fn user_refuses(rest: &[&str]) -> usize {
    let words: Vec<&str> = rest.iter().take(4).map(|w| bare(w)).collect();
    let negation = match words.get(1..) {
        Some(["don't" | "dont" | "not", ..]) => 1,
        Some(["do", "not", ..]) => 2,
        _ => 0,
    };
    let wanting = words.get(1 + negation).is_some_and(|w| matches!(*w, "need" | "want" | "require"));
    if matches!(words.first(), Some(&("i" | "we"))) && negation > 0 && wanting { 2 + negation } else { 0 }
}
