//! Given a goal, then its signature: phrasings written apart from the corpora.

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
    assert_eq!(sig("Book a flight to Paris and send the confirmation to john@example.com"), "book:flight,send:message");
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
    assert_eq!(sig("Flights to Oslo on Friday - book the cheapest one that leaves early"), "book:flight,search:flight");
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
fn a_verb_carried_into_a_clause_it_cannot_read_is_refused() {
    // Written apart from the corpora: what a later clause says of an object, the planner may not
    // understand; it neither books nor cancels it then.
    for goal in [
        "Book a flight to Oslo, hotel via the client",
        "Book a flight to Oslo; hotel TBD",
        "Cancel my flight to Oslo, the hotel stays",
    ] {
        let sig = sig(goal);
        assert!(sig.contains("other:hotel"), "{goal}: {sig}");
    }
    assert_eq!(sig("Book a flight to Oslo, a hotel for 2 nights"), "book:flight,book:hotel", "a list goes on");
    assert_eq!(sig("Book a flight to Oslo, plus a cheap hotel for 3 nights"), "book:flight,book:hotel");
    assert_eq!(sig("Cancel HT-0A1B2C3D, it's a hotel booking"), "cancel:hotel");
    assert_eq!(sig("Book a flight to Riga tomorrow, seat 3A by the window"), "book:flight", "more of the same flight");
}

#[test]
fn more_ways_to_cancel_send_and_set_up() {
    // Written apart from the corpora.
    assert_eq!(sig("Scratch hotel reservation HT-0A1B2C3D"), "cancel:hotel");
    assert_eq!(sig("Annul my flight to Oslo"), "cancel:flight");
    assert_eq!(sig("Set us up with a room in Bergen for 2 nights"), "book:hotel");
    assert_eq!(sig("Make sure we have a room in Bergen for 2 nights"), "book:hotel");
    assert_eq!(sig("Book a window seat on my flight to Oslo"), "other:flight", "a seat in a booking that exists");
    assert_eq!(sig("Book me a seat on the 9am flight to Oslo"), "book:flight");
    assert_eq!(sig("Book a room in Bergen and shoot the details to ann@example.org"), "book:hotel,send:message");
    assert_eq!(sig("Book a room in Bergen; spare ann@example.org the email"), "book:hotel,!send:message");
    assert_eq!(sig("Fly me to Oslo and nothing for accommodation"), "book:flight,!book:hotel");
    assert_eq!(sig("Ring up a 40 EUR charge"), "pay:payment");
}

#[test]
fn cancelled_messages_are_not_sent_and_more_ways_to_say_things() {
    // Written apart from the corpora.
    assert!(sig("Delete the email to ann@example.org").contains("!send:message"), "a sending refused");
    assert!(sig("Cancel the message to ann@example.org and book a room in Bergen").contains("book:hotel"));
    assert_eq!(sig("Drop me a line at ann@example.org"), "send:message");
    assert_eq!(sig("Get us extra legroom on the flight to Oslo"), "other:flight", "no second flight");
    assert_eq!(sig("Put us up in Bergen for 2 nights"), "book:hotel");
    assert_eq!(sig("Book us somewhere to sleep in Bergen, 2 nights"), "book:hotel");
    assert_eq!(sig("Fly me to Oslo, hotel already paid"), "book:flight,!book:hotel");
    assert_eq!(sig("We no longer want hotel booking HT-0A1B2C3D"), "cancel:hotel");
    assert_eq!(sig("Remove my hotel reservation HT-0A1B2C3D"), "cancel:hotel");
    assert_eq!(sig("Hand the guest back their 30 EUR"), "refund:payment");
}

#[test]
fn spoken_openers_tickets_and_what_is_not_needed() {
    // Written apart from the corpora: transcripts and support tickets.
    assert_eq!(sig("um which hotels have rooms in Bergen on Friday"), "search:hotel");
    assert_eq!(sig("so like are there flights to Oslo tomorrow or not"), "search:flight");
    assert_eq!(sig("hey assistant um what flights go to Oslo tomorrow"), "search:flight");
    assert_eq!(sig("Get me a manager. The hotel in Oslo was filthy"), "", "a verb ends with its sentence");
    assert_eq!(sig("hi there, which flights go to Oslo tomorrow?"), "search:flight");
    assert_eq!(sig("there are flights to Oslo tomorrow, book one"), "book:flight,search:flight", "no greeting");
    assert_eq!(sig("Looking up flights to Oslo, booking not needed"), "search:flight,!book:flight", "no cancel");
    assert_eq!(sig("Requesting a hotel reservation in Bergen for 2 nights"), "book:hotel");
    assert_eq!(sig("Requesting a charge of 40 EUR to the guest's card"), "pay:payment");
    assert_eq!(sig("Could you share the available hotels in Bergen?"), "search:hotel", "no address: shown");
    assert_eq!(sig("Share the flight options with ann@example.org"), "send:message");
}

#[test]
fn canonical_words_map_synonyms_and_drop_fillers() {
    let now = Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
    let words = |g: &str| canonical_words(&extract(g, now).text).join(" ");
    assert_eq!(words("Please reserve me a plane ticket to Paris tomorrow"), "book flight {LOCATION} {DATE}");
    assert_eq!(words("Book a flight to Paris tomorrow"), "book flight {LOCATION} {DATE}");
    assert_eq!(words("Cancel my flight"), "cancel flight");
}
#[test]
fn colloquial_requests_and_what_is_said_of_things_the_planner_does_not_know() {
    // Written apart from the corpora: "sort" arranges, unless it orders what it names.
    assert_eq!(sig("Sort me a hotel in Oslo for 2 nights"), "book:hotel");
    assert_eq!(sig("Pop us on the first flight to Oslo"), "book:flight");
    assert_eq!(sig("Sort the flights to Oslo by price"), "search:flight", "an order to look in");
    assert_eq!(sig("What sort of flights go to Oslo?"), "search:flight");
    // "X's not needed" is "X is not needed"; a thing the planner does not know, not needed,
    // cancels nothing named before it.
    assert_eq!(sig("Book a flight to Oslo, the hotel's not needed"), "book:flight,!book:hotel");
    assert_eq!(sig("Book a flight to Oslo, airport transfer not needed"), "book:flight");
    assert_eq!(sig("Book a flight to Oslo, the car is no longer needed"), "book:flight");
    assert_eq!(sig("My flight to Oslo, no longer needed"), "cancel:flight");
    // A verb after such a thing acts on it: asked for, nothing the planner can do.
    assert_eq!(sig("Book a flight to Oslo, the transfer needs cancelling"), "book:flight,other:flight");
    assert_eq!(sig("Book a hotel in Oslo for 2 nights. The parking should be cancelled"), "book:hotel,other:hotel");
    // A reference before its verb names what the verb acts on.
    assert_eq!(sig("Booking FL-12345678 needs cancelling"), "cancel:flight");
    assert_eq!(sig("We shan't be needing the room in Oslo, cancel it"), "cancel:hotel");
    assert_eq!(sig("The guest wants their money back for PM-12345678"), "refund:payment");
    assert_eq!(sig("Just the flight to Oslo, my colleague has his own room"), "book:flight,!book:hotel");
}
#[test]
fn courtesies_gerunds_and_passives_ask_and_possibilities_do_not() {
    // Written apart from the corpora.
    assert_eq!(sig("Would you mind cancelling my room in Oslo?"), "cancel:hotel");
    assert_eq!(sig("Would you mind not booking a hotel in Oslo?"), "!book:hotel");
    assert_eq!(sig("Would you mind taking a payment of 40 EUR from the guest?"), "pay:payment");
    assert_eq!(
        sig("If it's not too much trouble, charge the client 40 EUR"),
        "pay:payment",
        "a courtesy, no condition"
    );
    assert_eq!(sig("pls check flts to Oslo"), "search:flight");
    assert_eq!(sig("Book a flight to Oslo, hotel not req'd"), "book:flight,!book:hotel");
    assert_eq!(sig("Leave the hotel to me and book a flight to Oslo tomorrow"), "book:flight,!book:hotel");
    assert_eq!(sig("I'm afraid the hotel in Oslo has to be cancelled"), "cancel:hotel");
    assert_eq!(sig("I wonder whether payment PM-12345678 could be refunded"), "refund:payment");
    // What may happen is no request.
    assert_eq!(sig("The flight may be cancelled due to weather, book a hotel in Oslo for 2 nights"), "book:hotel");
    assert_eq!(sig("The flight could be cancelled by the airline, so book a hotel in Oslo for 2 nights"), "book:hotel");
    // A request to do what no tool does is refused, not answered with a search; facts are looked up.
    assert!(sig("Could you upgrade my flight to Oslo?").contains("other:flight"));
    assert!(sig("Can I rebook my flight to Oslo?").contains("other:flight"));
    assert_eq!(sig("Can you pull the flight times to Oslo for tomorrow?"), "search:flight");
    assert!(sig("How do I change my flight to Oslo?").contains("other:flight"));
    assert_eq!(sig("Which airline operates the flight to Oslo tomorrow?"), "search:flight", "what a carrier does");
    assert_eq!(sig("I'd love a flight to Oslo tomorrow, can you book it?"), "book:flight,search:flight");
    // The user's own doing, said with a reflexive.
    assert_eq!(sig("I'll get a flight myself, just book the hotel in Oslo for 2 nights"), "book:hotel,!book:flight");
}

#[test]
fn goals_written_by_an_agent_and_statements_of_what_happened() {
    // Written apart from the corpora.
    assert_eq!(
        sig("Task: retrieve flights to Oslo for tomorrow. No purchase authorized."),
        "search:flight,!book:flight"
    );
    assert_eq!(sig("Please terminate my hotel booking in Oslo"), "cancel:hotel");
    assert_eq!(sig("Action required: capture 40 EUR from the guest"), "pay:payment");
    assert_eq!(sig("Execute the hotel booking in Oslo for 2 nights"), "book:hotel");
    assert_eq!(sig("Client asked for cancellation of hotel HT-12345678"), "cancel:hotel");
    // Suppressing a message sends none, whatever address is named.
    assert_eq!(sig("Book a flight to Oslo; suppress notifications to ann@example.com"), "book:flight,!send:message");
    // What someone did is told, not asked: no unknown action, no message to send.
    assert_eq!(sig("I approved the itinerary, book the flight to Oslo tomorrow"), "book:flight");
    assert_eq!(sig("The manager has signed the itinerary. Book the flight to Oslo."), "book:flight");
    // "Release" could free money as well as a room: it is not read as a cancellation.
    assert!(sig("Release the payment of 40 EUR to the hotel in Oslo").contains("other"));
}
#[test]
fn goals_pasted_from_mail_with_dashes_and_sign_offs() {
    // Written apart from the corpora.
    assert_eq!(sig("so - a flight to Oslo tomorrow"), "book:flight", "a dash is no word");
    assert_eq!(sig("A room in Oslo for 2 nights -- can you book it?\nSent from my phone"), "book:hotel,search:hotel");
    assert_eq!(
        sig("A hotel in Oslo for 2 nights, book it. Then email ann@example.com the details"),
        "book:hotel,send:message"
    );
    assert_eq!(sig("Add a hotel in Oslo for 2 nights"), "book:hotel");
    assert_eq!(sig("Take a flight to Oslo tomorrow"), "book:flight");
    assert_eq!(sig("Take a look at flights to Oslo"), "search:flight");
    // A light verb acting on a thing the planner does not know is no booking or search.
    assert!(sig("Could you add my loyalty number to the Oslo flight?").contains("other:flight"));
    assert!(sig("Take a taxi to the hotel in Oslo").contains("other:hotel"));
}

#[test]
fn typing_errors_are_read_as_meant_and_real_words_are_not() {
    // Written apart from the corpora.
    assert_eq!(sig("Cancle my hotle in Oslo"), "cancel:hotel");
    assert_eq!(sig("Book a fligth to Oslo tomorrow and a hotle for 2 nights"), "book:flight,book:hotel");
    assert_eq!(sig("Book a flight to Oslo, no hotl"), "book:flight,!book:hotel");
    assert!(!sig("Get me a tarin ticket to Oslo").contains("book:flight"), "a train ticket");
    assert!(!sig("Book a fight to Oslo").contains("book:flight"), "a real word is not a typing error");
}

#[test]
fn a_verb_acting_on_a_thing_the_planner_does_not_know_is_never_dropped() {
    // Written apart from the corpora: planning the rest would do less than was asked (and
    // charge for a massage no one booked).
    assert!(sig("Book a massage at 5pm and charge 40 EUR").contains("other:payment"));
    assert!(sig("Book a limo to the airport and email ann@example.com the details").contains("other"));
    assert!(sig("Reserve a table for two, then book a hotel in Oslo for 2 nights").contains("other"));
    assert_eq!(sig("Get me a place to stay in Oslo for 2 nights"), "book:hotel", "placed by a word it knows");
    assert_eq!(sig("A flight and a hotel in Oslo, book them. Sent from my phone"), "book:flight,book:hotel");
}

#[test]
fn changes_of_plan_rebookings_and_corrections() {
    // Written apart from the corpora.
    assert_eq!(sig("Cancel hotel HT-12345678 and book a new hotel in Oslo for 2 nights"), "book:hotel,cancel:hotel");
    assert_eq!(sig("I won't need the hotel in Oslo, cancel it"), "cancel:hotel", "a hotel named is no booking");
    assert_eq!(sig("I'd like to cancel my booked flight to Oslo"), "cancel:flight", "a participle describes");
    assert_eq!(sig("I want a flight booked to Oslo tomorrow"), "book:flight");
    assert_eq!(sig("Forget the hotel, book a flight to Oslo"), "book:flight,!book:hotel");
    // A verb whose clause gave it a thing the planner does not know never acts on a later flight.
    assert!(sig("Scratch my earlier request; just list flights to Oslo tomorrow").contains("other"));
    assert!(sig("Cancel my gym membership and book a flight to Oslo tomorrow").contains("other"));
    assert_eq!(sig("Book the works: flight to Oslo tomorrow, hotel 2 nights"), "book:flight,book:hotel");
}

#[test]
fn formal_requests_in_the_passive_are_read_in_the_active() {
    // Written apart from the corpora.
    assert_eq!(
        sig("We ask that a room in Lyon be reserved for 3 nights and that the guest be emailed at g@example.org"),
        "book:hotel,send:message"
    );
    assert_eq!(
        sig("The reservation at the hotel in Lyon is to be cancelled and a flight to Nice booked"),
        "book:flight,cancel:hotel"
    );
    assert_eq!(
        sig("A refund of 30 EUR is to be issued; g@example.org is not to be notified"),
        "refund:payment,!send:message"
    );
    assert_eq!(sig("The passenger should be booked on a flight to Nice on Monday"), "book:flight");
    assert_eq!(sig("Please effect a hotel reservation in Lyon. Flights are not required."), "book:hotel,!book:flight");
    assert_eq!(
        sig("Kindly make a hotel reservation in Lyon; forward the confirmation to g@example.org"),
        "book:hotel,send:message"
    );
    // Asked about, or what may happen: no request.
    assert!(!sig("Please check whether the flight to Nice can be cancelled").contains("cancel"));
    assert!(!sig("Find out if a room in Lyon could be booked for Friday").contains("book:hotel"));
    // A flight named under a passive the planner does not read is refused, never left out.
    assert!(
        sig("It is demanded that a flight to Nice be procured and that g@example.org be emailed")
            .contains("other:flight")
    );
    assert!(sig("Procure a flight to Nice on Monday and email g@example.org").contains("other:flight"));
    assert_eq!(sig("Book a flight to Nice; I've procured a hotel"), "book:flight", "what the user did");
    // What someone else did is seen to, not asked for.
    assert_eq!(
        sig("My assistant booked the flight to Nice; email g@example.org the details"),
        "send:message,!book:flight"
    );
}

#[test]
fn a_travel_desk_shorthand_is_read_and_quantities_determine_nouns() {
    // Written apart from the corpora.
    assert_eq!(sig("Quote fares to Nice for Monday, no ticketing yet"), "search:flight,!book:flight");
    assert_eq!(sig("Ticket 2 pax to Nice on Monday, itin to g@example.org"), "book:flight,send:message");
    assert_eq!(sig("cxl HT-0A1B2C3D pls"), "cancel:hotel");
    assert_eq!(sig("Release the room held in Lyon"), "cancel:hotel");
    assert!(
        sig("Release the payment of 40 EUR to the hotel in Lyon").contains("other"),
        "money moved, nothing cancelled"
    );
    assert_eq!(sig("Reverse PM-12345678, double charge"), "refund:payment");
    assert_eq!(sig("Confirm a room in Lyon for 2 nights"), "book:hotel");
    assert_eq!(sig("Air only to Nice on Monday, no accom"), "book:flight,!book:hotel");
    assert_eq!(sig("Cancel hotel confirmation HT-0A1B2C3D"), "cancel:hotel", "a confirmation number names a booking");
    // A quantity before a thing the planner does not know determines it: asked for, never dropped.
    assert!(sig("Book a flight to Nice and book 3 limos").contains("other"));
}

#[test]
fn refusals_of_everything_and_of_refusals_and_how_far_they_reach() {
    // Written apart from the corpora.
    assert_eq!(
        sig("Don't reserve anything; just email g@example.org the plan"),
        "send:message,!book:flight,!book:hotel"
    );
    assert_eq!(sig("Hotels in Lyon on Friday, but nothing is booked yet"), "search:hotel,!book:flight,!book:hotel");
    assert_eq!(sig("Bill the client 40 EUR, no bookings at all"), "pay:payment,!book:flight,!book:hotel");
    assert_eq!(
        sig("Neither book nor hold anything, just list flights to Nice"),
        "search:flight,!book:flight,!book:hotel"
    );
    assert_eq!(sig("Refund PM-12345678; no additional charges"), "refund:payment,!pay:payment");
    assert_eq!(sig("Cancel my flight to Nice but keep the hotel"), "cancel:flight,!cancel:hotel");
    assert_eq!(sig("A flight to Nice on Monday; a room won't be necessary"), "book:flight,!book:hotel");
    assert_eq!(sig("Book the hotel in Lyon for 2 nights, minus the flight"), "book:hotel,!book:flight");
    assert_eq!(sig("Book a flight to Nice, email g@example.org, do not skip the email"), "book:flight,send:message");
    assert_eq!(
        sig("Do it all: a flight to Nice on Monday and a hotel for 2 nights"),
        "book:flight,book:hotel",
        "an order"
    );
    // A refusal carried into a later clause is never guessed at.
    assert!(sig("Except for the refund, go ahead: flight to Nice on Monday").contains("other:flight"));
}

#[test]
fn questions_that_ask_for_something_and_questions_that_only_ask() {
    // Written apart from the corpora.
    assert_eq!(sig("Why don't you reserve me a room in Lyon for 2 nights?"), "book:hotel");
    assert_eq!(sig("How about cancelling hotel HT-0A1B2C3D?"), "cancel:hotel");
    assert_eq!(sig("Mind emailing g@example.org the plan?"), "send:message");
    assert_eq!(sig("Could PM-12345678 be refunded?"), "refund:payment");
    assert_eq!(sig("Can you get my flight to Nice cancelled?"), "cancel:flight");
    assert_eq!(sig("Is it possible for you to reserve a room in Lyon?"), "book:hotel");
    // What someone else may do, or whether something can be done, is only asked about.
    assert!(!sig("Could the flight to Nice be cancelled by the airline?").contains("cancel"));
    assert_eq!(sig("How about flights to Nice on Monday?"), "search:flight");
    assert!(!sig("How about booking a table at the hotel in Lyon?").contains("book:hotel"));
}

#[test]
fn goals_typed_into_a_chat_platform() {
    // Written apart from the corpora.
    assert_eq!(sig("@helper cancel `HT-0A1B2C3D` please"), "cancel:hotel");
    assert_eq!(sig("/trip book flight to Nice on Monday --no-email g@example.org"), "book:flight,!send:message");
    assert_eq!(sig("/trip Nice on Monday flight and hotel 2 nights, book both"), "book:flight,book:hotel");
    assert_eq!(sig("**Book:** a room in Lyon for 2 nights\n**Skip:** flight"), "book:hotel,!book:flight");
    assert_eq!(sig("_urgent_: refund **PM-12345678**"), "refund:payment");
}

#[test]
fn idioms_mean_what_they_mean_not_what_their_words_do() {
    // Written apart from the corpora.
    assert_eq!(sig("I'd kill for a list of flights to Nice on Monday"), "search:flight", "no cancelling");
    assert_eq!(sig("Drop everything and reserve a room in Lyon for 2 nights"), "book:hotel");
    assert_eq!(sig("Drop us a list of hotels in Lyon"), "search:hotel");
    assert_eq!(sig("Pull the plug on HT-0A1B2C3D"), "cancel:hotel");
    assert_eq!(sig("Nail down a room in Lyon for 2 nights, money is no object"), "book:hotel");
    assert_eq!(sig("Book a flight to Nice on Monday - the hotel can wait"), "book:flight,!book:hotel");
    assert_eq!(sig("Ring up 40 EUR on the card"), "pay:payment");
    assert_eq!(sig("Book a flight to Nice and keep g@example.org out of the loop"), "book:flight,!send:message");
    assert_eq!(sig("Drop a note to g@example.org"), "send:message");
}

#[test]
fn a_customer_relayed_in_the_third_person() {
    // Written apart from the corpora.
    assert_eq!(
        sig("Guest asked for a flight to Nice on Monday and a room for 2 nights - please book"),
        "book:flight,book:hotel"
    );
    assert_eq!(sig("The client is asking us to cancel HT-0A1B2C3D"), "cancel:hotel");
    assert_eq!(sig("The client authorised a charge of 40 EUR"), "pay:payment");
    assert_eq!(sig("The guest is asking which hotels have rooms in Lyon"), "search:hotel");
    // What was named definitely is one that exists: a later "please book" books only what it reaches.
    assert_eq!(sig("The flight to Nice is delayed. A room in Lyon for 2 nights, please book"), "book:hotel");
}

#[test]
fn what_happened_before_is_told_and_neither_repeated_nor_undone() {
    // Written apart from the corpora.
    assert_eq!(sig("I asked you to reserve HT-0A1B2C3D yesterday - cancel it"), "cancel:hotel");
    assert_eq!(sig("The refund yesterday was wrong; charge the client 40 EUR"), "pay:payment");
    assert_eq!(sig("We had to cancel everything last time; this time book a room in Lyon for 2 nights"), "book:hotel");
    assert_eq!(sig("Reserve a room in Lyon for 2 nights like you did last time"), "book:hotel", "asked now");
    assert_eq!(sig("The flight was delayed yesterday - let g@example.org know"), "send:message");
    // A dash between clauses ends the reach of what came before it.
    assert_eq!(sig("The hotel in Lyon you booked last week - cancel it"), "cancel:hotel");
}
