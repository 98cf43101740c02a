#!/usr/bin/env python3
"""Writes the labelled corpora of `apex bench plan`: goals a user might type, each labelled
with the tools its plan must use (no more, no fewer) and the values those tools must get.

Two sets, written apart from the planner's lexicon, its tests and the cache benchmark's corpus
(src/planner/corpus.rs), with other phrasings, cities and names:
- `dev`: used to find what the planner misses; the planner was changed after reading its
  failures, so its figures say little about new phrasings;
- `heldout`: written after those changes and measured without changing the planner for it.
  Never tune the planner to it; when it has been read, write a new one.

Deterministic (seeded):

    python3 bench/corpus/plan_heldout.py dev > bench/corpus/plan-dev.jsonl
    python3 bench/corpus/plan_heldout.py heldout > bench/corpus/plan-heldout.jsonl
    python3 bench/corpus/plan_heldout.py heldout2 > bench/corpus/plan-heldout-2.jsonl
    python3 bench/corpus/plan_heldout.py heldout3 > bench/corpus/plan-heldout-3.jsonl
    python3 bench/corpus/plan_heldout.py heldout4 > bench/corpus/plan-heldout-4.jsonl
    python3 bench/corpus/plan_heldout.py heldout5 > bench/corpus/plan-heldout-5.jsonl
    python3 bench/corpus/plan_heldout.py heldout6 > bench/corpus/plan-heldout-6.jsonl
    python3 bench/corpus/plan_heldout.py heldout7 > bench/corpus/plan-heldout-7.jsonl
    python3 bench/corpus/plan_heldout.py heldout8 > bench/corpus/plan-heldout-8.jsonl
    python3 bench/corpus/plan_heldout.py heldout9 > bench/corpus/plan-heldout-9.jsonl
    python3 bench/corpus/plan_heldout.py heldout10 > bench/corpus/plan-heldout-10.jsonl
    python3 bench/corpus/plan_heldout.py heldout11 > bench/corpus/plan-heldout-11.jsonl
    python3 bench/corpus/plan_heldout.py heldout12 > bench/corpus/plan-heldout-12.jsonl
    python3 bench/corpus/plan_heldout.py heldout13 > bench/corpus/plan-heldout-13.jsonl
    python3 bench/corpus/plan_heldout.py heldout14 > bench/corpus/plan-heldout-14.jsonl
    python3 bench/corpus/plan_heldout.py heldout15 > bench/corpus/plan-heldout-15.jsonl
    python3 bench/corpus/plan_heldout.py heldout16 > bench/corpus/plan-heldout-16.jsonl
    python3 bench/corpus/plan_heldout.py heldout17 > bench/corpus/plan-heldout-17.jsonl
    python3 bench/corpus/plan_heldout.py heldout18 > bench/corpus/plan-heldout-18.jsonl
    python3 bench/corpus/plan_heldout.py heldout19 > bench/corpus/plan-heldout-19.jsonl
    python3 bench/corpus/plan_heldout.py heldout20 > bench/corpus/plan-heldout-20.jsonl
    python3 bench/corpus/plan_heldout.py heldout21 > bench/corpus/plan-heldout-21.jsonl
    python3 bench/corpus/plan_heldout.py heldout22 > bench/corpus/plan-heldout-22.jsonl
    python3 bench/corpus/plan_heldout.py heldout23 > bench/corpus/plan-heldout-23.jsonl
    python3 bench/corpus/plan_heldout.py heldout24 > bench/corpus/plan-heldout-24.jsonl
    python3 bench/corpus/plan_heldout.py heldout25 > bench/corpus/plan-heldout-25.jsonl
    python3 bench/corpus/plan_heldout.py heldout26 > bench/corpus/plan-heldout-26.jsonl
    python3 bench/corpus/plan_heldout.py heldout27 > bench/corpus/plan-heldout-27.jsonl
    python3 bench/corpus/plan_heldout.py heldout28 > bench/corpus/plan-heldout-28.jsonl
    python3 bench/corpus/plan_heldout.py heldout29 > bench/corpus/plan-heldout-29.jsonl
    python3 bench/corpus/plan_heldout.py heldout30 > bench/corpus/plan-heldout-30.jsonl
    python3 bench/corpus/plan_heldout.py heldout31 > bench/corpus/plan-heldout-31.jsonl
    python3 bench/corpus/plan_heldout.py heldout32 > bench/corpus/plan-heldout-32.jsonl
    python3 bench/corpus/plan_heldout.py heldout33 > bench/corpus/plan-heldout-33.jsonl
    python3 bench/corpus/plan_heldout.py heldout34 > bench/corpus/plan-heldout-34.jsonl
    python3 bench/corpus/plan_heldout.py heldout35 > bench/corpus/plan-heldout-35.jsonl
    python3 bench/corpus/plan_heldout.py heldout36 > bench/corpus/plan-heldout-36.jsonl
    python3 bench/corpus/plan_heldout.py heldout37 > bench/corpus/plan-heldout-37.jsonl
    python3 bench/corpus/plan_heldout.py heldout38 > bench/corpus/plan-heldout-38.jsonl
    python3 bench/corpus/plan_heldout.py heldout39 > bench/corpus/plan-heldout-39.jsonl
    python3 bench/corpus/plan_heldout.py heldout40 > bench/corpus/plan-heldout-40.jsonl
    python3 bench/corpus/plan_heldout.py heldout41 > bench/corpus/plan-heldout-41.jsonl
    python3 bench/corpus/plan_heldout.py heldout42 > bench/corpus/plan-heldout-42.jsonl
    python3 bench/corpus/plan_heldout.py heldout43 > bench/corpus/plan-heldout-43.jsonl
    python3 bench/corpus/plan_heldout.py heldout44 > bench/corpus/plan-heldout-44.jsonl
    python3 bench/corpus/plan_heldout.py heldout45 > bench/corpus/plan-heldout-45.jsonl
    python3 bench/corpus/plan_heldout.py heldout46 > bench/corpus/plan-heldout-46.jsonl
    python3 bench/corpus/plan_heldout.py heldout47 > bench/corpus/plan-heldout-47.jsonl
    python3 bench/corpus/plan_heldout.py heldout48 > bench/corpus/plan-heldout-48.jsonl
    python3 bench/corpus/plan_heldout.py heldout49 > bench/corpus/plan-heldout-49.jsonl
    python3 bench/corpus/plan_heldout.py heldout50 > bench/corpus/plan-heldout-50.jsonl

Each line: {"goal", "timestamp", "intent", "tools": [...], "values": {tool: {param: value}}}.
A date is only checked where the goal states it without doubt (tomorrow, the day after
tomorrow, in N days/weeks, a calendar date); weekdays are left unchecked.
"""

import datetime as dt
import json
import random
import sys

DEV_CITIES = ["Zagreb", "Valencia", "Krakow", "Edinburgh", "Marseille", "Hamburg", "Bologna",
          "Tallinn", "Reykjavik", "Nairobi", "Lima", "Denver", "Montreal", "Perth", "Kyoto",
          "Seoul", "Cape Town", "Buenos Aires", "Salt Lake City", "Rio de Janeiro"]
HELD_OUT_CITIES = ["Ljubljana", "Bilbao", "Gdansk", "Glasgow", "Lyon", "Leipzig", "Turin", "Riga",
                   "Bergen", "Accra", "Quito", "Austin", "Vancouver", "Adelaide", "Sapporo", "Busan",
                   "Durban", "Santiago", "Las Vegas", "Ho Chi Minh City", "Port of Spain", "Sao Paulo"]
NAMES = ["maria", "tomas", "aiko", "olu", "freya", "rahul", "ines", "kwame", "lena", "dmitri"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example"]
TIMESTAMPS = ["2026-11-25T10:00:00Z", "2026-12-01T08:30:00Z", "2027-01-14T17:45:00Z",
              "2027-02-27T23:10:00Z", "2027-06-03T06:05:00Z"]
CURRENCIES = [("EUR", "{a} EUR"), ("EUR", "EUR {a}"), ("EUR", "€{a}"), ("USD", "${a}"),
              ("USD", "{a} USD"), ("USD", "{a} dollars"), ("GBP", "£{a}"), ("GBP", "{a} GBP")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def relative_date(rng, now):
    """A date phrase and the day it means (None: not checked)."""
    today = now.date()
    kind = rng.randrange(8)
    if kind == 0:
        return "tomorrow", today + dt.timedelta(days=1)
    if kind == 1:
        return "the day after tomorrow", today + dt.timedelta(days=2)
    if kind == 2:
        n = rng.choice([2, 3, 4, 5])
        words = {2: "two", 3: "three", 4: "four", 5: "five"}
        return f"in {words[n]} days", today + dt.timedelta(days=n)
    if kind == 3:
        return "in two weeks", today + dt.timedelta(days=14)
    if kind == 4:
        day = today + dt.timedelta(days=rng.randrange(20, 90))
        return f"on {MONTHS[day.month - 1]} {day.day}", day
    if kind == 5:
        day = today + dt.timedelta(days=rng.randrange(5, 60))
        return f"on {day.isoformat()}", day
    weekday = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
    return rng.choice([f"on {weekday}", f"this {weekday}", f"next {weekday}"]), None


def reference(rng, prefix):
    return f"{prefix}-" + "".join(rng.choice("0123456789ABCDEF") for _ in range(8))


def amount(rng):
    value = rng.choice([rng.randrange(5, 900), round(rng.uniform(5, 900), 2)])
    currency, form = rng.choice(CURRENCIES)
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return form.format(a=text), float(text), currency


# Per intent: the phrasings, the tools its plan must use, and which values each tool must get
# (slot names: city, date, nights, email, amount, currency, fref, href, pref).
DEV = {
    "search_flight": (["search_flights"], {"search_flights": {"to": "city", "date": "date"}}, [
        "What flights are there to {city} {date}?",
        "Show me flights to {city} {date}",
        "Which airlines fly to {city} {date}?",
        "Look up flight options to {city} {date}, don't book anything",
        "Can you check what planes go to {city} {date}?",
        "Compare flights to {city} {date}",
        "I'm curious about flights to {city} {date}",
        "Don't book yet, just show me flights to {city} {date}",
        "Only look at flights to {city} {date}, no booking",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": {"to": "city", "date": "date"}}, [
        "Book a flight to {city} {date}",
        "Please arrange air travel to {city} {date}",
        "Get me on a plane to {city} {date}",
        "I need to fly to {city} {date}",
        "Reserve a seat on a flight to {city} {date}",
        "Buy me a plane ticket to {city} for {date}",
        "Secure an airline ticket to {city} {date}",
        "Find me a flight to {city} {date} and book it",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": {"to": "city", "date": "date"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and email the confirmation to {email}",
        "Fly me to {city} {date}, then send the itinerary to {email}",
        "Get a plane ticket to {city} {date} and let {email} know",
        "Reserve a flight to {city} {date}; confirmation to {email} please",
        "I need a flight to {city} {date}. Mail the booking details to {email}.",
        "Please book air travel to {city} {date} and forward the ticket to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel in {city} {date} for {nights} nights",
        "Find me a room in {city} {date} for {nights} nights and reserve it",
        "I need accommodation in {city} for {nights} nights starting {date}",
        "Reserve a hotel room in {city} {date}, {nights} nights",
        "Get me a place to stay in {city} {date} for {nights} nights",
        "Please book {nights} nights at a hotel in {city} from {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": {"to": "city", "date": "date"}, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a hotel there for {nights} nights",
        "Fly me to {city} {date} and book a room for {nights} nights",
        "I need a flight and a hotel in {city} {date}, {nights} nights",
        "Arrange air travel to {city} {date} plus {nights} nights of accommodation",
        "Plan my trip to {city} {date}: flight and hotel for {nights} nights",
        "Reserve a plane ticket and a hotel room in {city} {date} for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": {"to": "city", "date": "date"}}, [
        "Book a flight to {city} {date} but no hotel",
        "Just the flight to {city} {date}, I don't need a hotel",
        "Fly me to {city} {date}; skip the hotel",
        "Book a flight to {city} {date} without any accommodation",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel my flight {fref}",
        "Call off the plane booking {fref}",
        "I no longer need flight {fref}, please cancel it",
        "Please drop my flight reservation {fref}",
        "Scrap the flight booking {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight to {city} {date}",
        "I won't be flying to {city} after all, cancel the ticket",
        "Call off my trip by plane to {city} {date}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel my hotel booking {href}",
        "Call off the hotel reservation {href}",
        "I won't need the room {href} anymore, cancel it",
        "Drop my accommodation booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Please cancel the hotel in {city} {date}",
        "The hotel in {city} is no longer needed, cancel it",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to my card",
        "Take payment of {amount}",
        "Bill the customer {amount}",
        "Please collect a payment of {amount}",
        "Pay {amount} for the order",
        "Process a {amount} charge",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the customer",
        "Give the customer their {amount} back",
        "Please reimburse {amount}",
        "Return {amount} to my card",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Issue a refund for payment {pref}",
        "Refund payment {pref} in full",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send an email to {email} saying the meeting moved",
        "Email {email} the summary",
        "Let {email} know I'll be late",
        "Write to {email} and tell them the report is ready",
        "Drop a note to {email} about tomorrow",
        "Forward the agenda to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight and hotel in {city} {date} for {nights} nights, charge {amount} and email me at {email}",
        "Fly me to {city} {date}, get a room for {nights} nights, take {amount} from my card and send the details to {email}",
        "Plan a trip to {city} {date}: flight, {nights} nights of hotel, pay {amount}, confirmation to {email}",
        "I need travel to {city} {date} with accommodation for {nights} nights; bill {amount} and mail {email}",
    ]),
}

# Written after the planner was changed for the dev set; measured once, as it is.
FLIGHT = {"to": "city", "date": "date"}
HELD_OUT = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Are there any flights to {city} {date}?",
        "Tell me which flights leave for {city} {date}",
        "Give me a list of flights heading to {city} {date}",
        "I'd like to see the flight options for {city} {date}, nothing more",
        "Search for airfare to {city} {date} but don't purchase",
        "What are the cheapest flights to {city} {date}?",
        "Pull up flight times to {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I'd like to book a flight to {city} {date}",
        "Put me on a flight to {city} {date}",
        "Can you book me a plane ticket to {city} {date}?",
        "Book me on a flight to {city} {date}",
        "Purchase a ticket to {city} {date}",
        "I want a flight booked to {city} {date}",
        "Grab me a seat to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date} and send the receipt to {email}",
        "Reserve a plane seat to {city} {date}, and email {email} the itinerary",
        "Buy a ticket to {city} {date}; email me at {email}",
        "Get me a flight to {city} {date} and notify {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Reserve a room in {city} for {nights} nights from {date}",
        "I'd like a hotel in {city} {date}, {nights} nights please",
        "Book accommodation in {city} {date} for {nights} nights",
        "Can you get me a hotel room in {city} {date} for {nights} nights?",
        "Find a hotel in {city} {date} for {nights} nights and book it",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "I'm travelling to {city} {date}: book the flight and {nights} nights in a hotel",
        "Book both a flight and a hotel in {city} {date} for {nights} nights",
        "Get me to {city} by plane {date} and find me a room for {nights} nights",
        "Flight plus hotel to {city} {date}, {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book only a flight to {city} {date}, no hotel please",
        "Reserve a flight to {city} {date} - I'll sort out where to sleep myself, don't book a hotel",
        "Fly me to {city} {date} but do not reserve a room",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but don't email {email}",
        "Reserve a flight to {city} {date}; do not notify {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Please cancel booking {fref}, the flight",
        "I have to cancel my plane ticket {fref}",
        "Void flight reservation {fref}",
        "Cancel flight {fref} right away",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my flight to {city} {date}",
        "I'm not flying to {city} anymore, cancel my flight",
        "Please undo my flight booking to {city} {date}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel reservation {href} at the hotel",
        "Please cancel my room booking {href}",
        "I don't need hotel booking {href}, cancel it",
        "Undo the hotel reservation {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the room I booked in {city} {date}",
        "I'm no longer staying in {city}, cancel the hotel",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the customer {amount}",
        "Please charge {amount} on my credit card",
        "Make a payment of {amount}",
        "Invoice and charge {amount}",
        "I want to pay {amount} now",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund the customer {amount}",
        "Please send {amount} back to the customer",
        "Reimburse the client {amount}",
        "The customer should get {amount} back",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment {pref}",
        "Reverse payment {pref}",
        "Please refund transaction {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send {email} a message that I'm running late",
        "Email the report to {email}",
        "Please notify {email} that the invoice is paid",
        "Mail {email} the meeting notes",
        "Shoot an email to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book me a flight and a hotel in {city} {date} for {nights} nights, pay {amount} and send everything to {email}",
        "Trip to {city} {date}: plane, hotel for {nights} nights, charge {amount}, email {email}",
        "Get me a flight to {city} {date}, reserve {nights} nights of lodging, bill my card {amount} and mail the receipt to {email}",
    ]),
}

# The first held-out set was read (its failures fixed) on 2026-12-02, so it now says little
# about new phrasings either. This second one was written before those fixes and measured
# before and after them; then its two failing phrasings (intent figures) were fixed too, so it
# is read as well. Intents with no tools expect a
# refusal: the catalog has nothing that does what they ask, and doing something else is wrong.
HELD_OUT_2_CITIES = ["Porto", "Innsbruck", "Wroclaw", "Aarhus", "Nantes", "Graz", "Split", "Vilnius",
                     "Tromso", "Kigali", "Cusco", "Boise", "Halifax", "Hobart", "Fukuoka", "Daegu",
                     "Windhoek", "Mendoza", "San Diego", "Kuala Lumpur", "Santo Domingo", "Belo Horizonte"]
HELD_OUT_2 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Which flights could take me to {city} {date}?",
        "Is there a direct flight to {city} {date}?",
        "List the flights to {city} {date} for me",
        "Show available flights to {city} {date} - just looking",
        "Find flights to {city} {date} but hold off on booking",
        "How much are flights to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "What hotels are there in {city} {date}?",
        "Are there rooms free in {city} {date}?",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Please get me a flight to {city} {date}",
        "Book the next flight to {city} {date}",
        "Could you reserve a flight for me to {city} {date}",
        "I must fly out to {city} {date}, book it",
        "Sort out a plane ticket to {city} {date}",
        "Buy a flight to {city} {date} for me",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send the booking to {email}",
        "Get me a ticket to {city} {date} then email {email} the details",
        "Reserve a flight to {city} {date} and notify {email} once done",
        "Fly me to {city} {date} and mail the confirmation to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book me a hotel room in {city} {date} for {nights} nights",
        "Reserve {nights} nights in a hotel in {city} starting {date}",
        "I need a hotel in {city} {date} for {nights} nights, please book it",
        "Get me accommodation in {city} {date}, {nights} nights",
        "Please reserve lodging in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight and a room in {city} {date} for {nights} nights",
        "I need to get to {city} {date}: book a flight and a hotel for {nights} nights",
        "Reserve flights and accommodation for {city} {date}, {nights} nights",
        "Book me a plane ticket to {city} {date} plus a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no accommodation needed",
        "Reserve only the flight to {city} {date}; I have a place to stay",
        "Get me a flight to {city} {date}, hotel not required",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no need to email {email}",
        "Reserve a flight to {city} {date} and don't send anything to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight booking {fref}",
        "Please call off flight {fref}",
        "I no longer need my flight {fref}, cancel it",
        "Drop the flight {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight I booked to {city}",
        "Please cancel my plane ticket to {city} {date}",
        "Call off my flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel booking {href}",
        "Please cancel the room reservation {href}",
        "I won't need hotel {href} anymore, cancel it",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my hotel in {city}",
        "Please cancel the hotel reservation in {city} {date}",
    ]),
    "dont_book": ([], {}, [
        "Don't book anything to {city} yet",
        "Do not reserve a hotel in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge my card {amount}",
        "Please charge the client {amount}",
        "Collect {amount} from the customer",
        "Bill {amount} to the credit card",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} please",
        "Please issue a refund of {amount}",
        "Reimburse me {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref}",
        "Please issue a refund for {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} that the order shipped",
        "Send a message to {email} about the delay",
        "Please email {email} the agenda",
        "Notify {email} that I arrived",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email}",
        "Reserve a flight and {nights} nights of hotel in {city} {date}, take {amount} and send the receipt to {email}",
    ]),
}

# Written after the planner was changed for the first two held-out sets (both read), and
# measured once, as it is.
HELD_OUT_3_CITIES = ["Seville", "Bruges", "Gothenburg", "Plovdiv", "Bordeaux", "Salzburg", "Zadar",
                     "Kaunas", "Oulu", "Arusha", "Arequipa", "Tucson", "Winnipeg", "Darwin", "Nagoya",
                     "Incheon", "Maputo", "Rosario", "San Antonio", "Chiang Mai", "Punta Cana", "Porto Alegre"]
HELD_OUT_3 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "What time do flights to {city} leave {date}?",
        "Could you check flight availability to {city} {date}?",
        "I want to know which flights go to {city} {date}",
        "Any flights to {city} {date}? Just checking, no booking",
        "Show me the flight schedule to {city} {date}",
        "Where can I fly to {city} from {date}? Only search",
    ]),
    "search_hotel": ([], {}, [
        "Which hotels in {city} have rooms {date}?",
        "Look for hotels in {city} {date}, don't book",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book my flight to {city} {date}",
        "I'd like a plane ticket to {city} {date}, please book it",
        "Reserve me a flight to {city} {date}",
        "Please purchase a flight to {city} {date}",
        "Get me booked on a flight to {city} {date}",
        "Could you book a flight to {city} for me {date}?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and email it to {email}",
        "Buy me a plane ticket to {city} {date} and send the itinerary to {email}",
        "Reserve a seat to {city} {date}, then email {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a room in {city} {date} for {nights} nights",
        "I need a hotel room in {city} for {nights} nights from {date}",
        "Reserve accommodation in {city} {date} for {nights} nights",
        "Please get me a hotel in {city} {date}, {nights} nights",
        "Book lodging in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and {nights} nights at a hotel",
        "Reserve a plane ticket to {city} {date} and a room for {nights} nights",
        "I need both a flight to {city} {date} and a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; I don't need a room",
        "Just book the flight to {city} {date}, not a hotel",
        "Reserve a flight to {city} {date}, I'm staying with friends so no hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} without emailing {email}",
        "Reserve a flight to {city} {date} but don't notify {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel my booking {fref} for the flight",
        "Please void flight {fref}",
        "I need to cancel flight {fref}",
        "Flight {fref} is not needed anymore, cancel it",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my trip by plane to {city} {date}",
        "I'm not going to {city} anymore, please cancel the flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel room booking {href}",
        "Please scrap hotel reservation {href}",
        "I don't need the hotel {href} any longer, please cancel",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel booking in {city}",
        "I won't be staying in {city}, cancel the room",
    ]),
    "dont_book": ([], {}, [
        "Don't book the flight to {city} yet",
        "Please don't reserve anything in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the customer's card",
        "Please bill me {amount}",
        "Take a payment of {amount} from the client",
        "Charge {amount} for the service",
        "Process a payment of {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Give back {amount} to the customer",
        "Refund {amount} to my card",
        "Please reimburse {amount} to the client",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund transaction {pref}",
        "Please reverse the payment {pref}",
        "I want payment {pref} refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the invoice",
        "Send {email} a note about the delay",
        "Let {email} know the package arrived",
        "Please write to {email} about the meeting",
        "Forward the minutes to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight and a hotel to {city} {date} for {nights} nights, charge {amount} and email {email}",
        "Fly me to {city} {date}, book {nights} nights at a hotel, bill {amount} and send the receipt to {email}",
    ]),
}

HELD_OUT_4_CITIES = ["Bratislava", "Coimbra", "Uppsala", "Brno", "Toulouse", "Linz", "Dubrovnik",
                     "Tartu", "Tampere", "Kigali", "Cusco", "Boise", "Halifax", "Hobart", "Fukuoka",
                     "Daegu", "Windhoek", "Mendoza", "El Paso", "Da Nang", "Santo Domingo", "Belo Horizonte"]
HELD_OUT_4 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "How much is a flight to {city} {date}?",
        "Is there a direct flight to {city} {date}?",
        "Can you see what flights to {city} cost {date}? Don't buy anything",
        "List the flights heading to {city} {date}",
        "I'm curious about flights to {city} {date}",
        "Search for flights to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Are there any cheap hotels in {city} {date}?",
        "Find out hotel prices in {city} {date}, no reservation please",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Can you get me on a flight to {city} {date}?",
        "Sort out a flight to {city} {date} for me",
        "I need to fly to {city} {date}, book it please",
        "Grab me a ticket to {city} {date} on the first flight",
        "Go ahead and book the flight to {city} {date}",
        "Flight to {city} {date}, please book",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date} and mail the confirmation to {email}",
        "Get a flight to {city} {date} booked and let {email} know",
        "Book a flight to {city} {date}; send the details to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book me into a hotel in {city} {date} for {nights} nights",
        "Find me a room in {city} {date} for {nights} nights and book it",
        "Can you reserve a hotel in {city} for {nights} nights starting {date}?",
        "I need somewhere to stay in {city} {date}, {nights} nights, please book",
        "Hotel in {city} {date} for {nights} nights, book it",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} plus a hotel for {nights} nights",
        "Get me to {city} {date} by plane and book a hotel for {nights} nights",
        "I need a flight to {city} {date} and a room there for {nights} nights, book both",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no hotel needed",
        "Book only the flight to {city} {date}; skip the hotel",
        "Book a flight to {city} {date} - I already have a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, and do not email {email}",
        "Book a flight to {city} {date} without sending anything to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight booking {fref}",
        "Please cancel {fref}, the flight is off",
        "Scrap my flight {fref}",
        "I have to cancel my flight, reference {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight I booked to {city}",
        "Please cancel my {city} flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel booking {href}",
        "Please cancel my hotel reservation {href}",
        "Drop the hotel booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my hotel in {city}",
        "Please cancel the room I reserved in {city}",
    ]),
    "dont_book": ([], {}, [
        "Hold off on booking the flight to {city}",
        "Do not book a hotel in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the customer {amount}",
        "Collect {amount} from the customer",
        "Invoice the client for {amount} and charge their card",
        "Run a charge of {amount} on my card",
        "Please charge {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund the customer {amount}",
        "Send {amount} back to the customer as a refund",
        "Issue a refund of {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref}",
        "Please issue a refund for {pref}",
        "Payment {pref} needs to be refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send an email to {email} saying we are running late",
        "Drop {email} a line about tomorrow's call",
        "Notify {email} that the report is ready",
        "Mail {email} the updated agenda",
        "Can you email {email} and thank them?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and a hotel for {nights} nights, charge {amount}, then email {email}",
        "Plan my trip to {city} {date}: flight, {nights} nights of hotel, charge {amount} and email the summary to {email}",
    ]),
}

HELD_OUT_5_CITIES = ["Bucharest", "Braga", "Malmo", "Ostrava", "Montpellier", "Klagenfurt", "Rijeka",
                     "Parnu", "Turku", "Kampala", "Trujillo", "Spokane", "Regina", "Cairns", "Sendai",
                     "Gwangju", "Lusaka", "Cordoba", "Fort Worth", "Hue", "San Juan", "Curitiba"]
HELD_OUT_5 = {
    "search_hotel": ([], {}, [
        "What does a hotel in {city} cost {date}?",
        "Compare hotels in {city} {date} for me",
    ]),
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Do you know of any flights to {city} {date}?",
        "Check what flights fly to {city} {date}",
        "Which carriers fly to {city} {date}?",
        "Give me the flight options to {city} {date}, I'll decide later",
        "Help me find flights to {city} {date}",
        "Are flights to {city} expensive {date}?",
    ]),
    "unsupported": ([], {}, [
        "Move my flight to {city} to a later date",
        "Upgrade the hotel room in {city} {date}",
        "Check me in for the flight to {city} {date}",
        "Extend my stay at the hotel in {city} by {nights} nights",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I'd like to book a flight to {city} {date}",
        "Please make a flight reservation to {city} {date}",
        "Need a one-way flight to {city} {date}, please book",
        "Lock in a flight to {city} {date}",
        "Could you buy me a flight to {city} {date}?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and email the booking to {email}",
        "Reserve a flight to {city} {date}, and send {email} the e-ticket",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Reserve a hotel room in {city} {date} for {nights} nights",
        "Book {nights} nights at a hotel in {city} from {date}",
        "Please book a place to stay in {city} {date} for {nights} nights",
        "I'd like a hotel in {city} {date} for {nights} nights, please reserve it",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book flight and hotel to {city} {date}, {nights} nights",
        "Arrange a flight to {city} {date} and book a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}. No hotel, thanks",
        "Book me a flight to {city} {date} but leave the hotel out",
        "Book a flight to {city} {date}, we don't want a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; no need to email {email}",
        "Book a flight to {city} {date}, but don't send {email} anything",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel reservation {fref} for my flight",
        "Please cancel the flight with reference {fref}",
        "Void my flight booking {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "I'd like to cancel my flight to {city}",
        "Call off my flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel my room reservation {href}",
        "I need to cancel hotel booking {href}",
        "Hotel booking {href} has to be cancelled",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel I booked in {city}",
        "We no longer need our hotel in {city}, please cancel it",
    ]),
    "dont_book": ([], {}, [
        "Don't book anything for {city} yet",
        "Please wait before booking a flight to {city}",
        "Never book hotels in {city} for me",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to my credit card",
        "Bill the customer {amount}",
        "Please take {amount} from the customer's card",
        "Charge the client {amount} for the booking fee",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the client",
        "Pay back {amount} to the customer",
        "The customer should get a refund of {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment {pref}",
        "Reverse transaction {pref}",
        "Please refund charge {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the new schedule",
        "Write an email to {email} about the invoice",
        "Send a message to {email} saying hello",
        "Shoot {email} an email about lunch",
        "Please send {email} the slides",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email} the details",
        "Fly to {city} {date}, hotel for {nights} nights, charge my card {amount}, email {email}",
    ]),
}

HELD_OUT_6_CITIES = ["Timisoara", "Evora", "Lund", "Olomouc", "Strasbourg", "Bregenz", "Pula",
                     "Narva", "Vaasa", "Mombasa", "Iquitos", "Tacoma", "Saskatoon", "Townsville", "Kanazawa",
                     "Ulsan", "Gaborone", "Salta", "Corpus Christi", "Hoi An", "Santa Cruz", "Recife"]
HELD_OUT_6 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "When is the next flight to {city} {date}?",
        "Flights to {city} {date}: what are my choices?",
        "I'd like to see flights to {city} {date} before booking anything",
        "Can I fly to {city} {date}?",
        "Please look up flights to {city} {date}",
        "Research flights to {city} {date} but hold the booking",
        "What would it cost to fly to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "Are hotels in {city} fully booked {date}?",
        "Tell me about hotels in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Rebook my flight to {city} for {date}",
        "Add a checked bag to my flight to {city}",
        "Change the hotel in {city} to {nights} nights",
        "Rate my hotel stay in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a seat on a flight to {city} {date}",
        "I'm flying to {city} {date}, book me on a flight",
        "We need plane tickets to {city} {date}, please book them",
        "Please organise a flight to {city} {date}",
        "Make a booking for a flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and forward the ticket to {email}",
        "Buy a flight to {city} {date}, email {email} when it's done",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Reserve a room at a hotel in {city} for {nights} nights, {date}",
        "Book a hotel for me in {city} from {date}, {nights} nights",
        "Get a room in {city} {date} for {nights} nights",
        "Book accommodation in {city} for {nights} nights starting {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book me on a flight to {city} {date} and get a hotel for {nights} nights",
        "Flight to {city} {date} and a hotel for {nights} nights, book both please",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}. I'll find my own hotel",
        "Book the cheapest flight to {city} {date}, but no hotel",
        "Book a flight to {city} {date}, hotel not necessary",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no email to {email} please",
        "Book a flight to {city} {date} and don't email {email} about it",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel the flight {fref}",
        "Please cancel my flight reservation {fref}",
        "Flight {fref} must be cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel our flight to {city}",
        "My trip to {city} is off, cancel the flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel the hotel {href}",
        "Please cancel hotel reservation {href} for me",
        "Cancel room {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the room in {city}",
        "Please cancel our hotel stay in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't make any bookings in {city}",
        "No bookings for {city} please",
        "I don't want a flight to {city} after all",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the client's card",
        "Please bill {amount} to the account",
        "Take {amount} as a deposit",
        "Charge a fee of {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the customer's card",
        "Give the client a refund of {amount}",
        "Return {amount} to the guest",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund {pref}",
        "Please refund the transaction {pref}",
        "Reverse the payment with id {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} to confirm the meeting",
        "Send {email} an update",
        "Please notify {email} about the change",
        "Write to {email} and say thanks",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} with a hotel for {nights} nights, charge {amount}, and email {email}",
        "Get me a flight to {city} {date}, book {nights} hotel nights, charge {amount}, send confirmation to {email}",
    ]),
}

HELD_OUT_7_CITIES = ["Cluj", "Faro", "Orebro", "Pilsen", "Nice", "Graz", "Zadar",
                     "Viljandi", "Oulu", "Dar es Salaam", "Arica", "Eugene", "Moncton", "Geelong", "Matsuyama",
                     "Jeonju", "Harare", "Neuquen", "Santa Fe", "Can Tho", "Punta Arenas", "Manaus"]
HELD_OUT_7 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "How many flights go to {city} {date}?",
        "Find flights to {city} {date}, just to compare",
        "I wonder what flights there are to {city} {date}",
        "Flight times to {city} {date}, please",
        "Search the cheapest flights to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Which hotel in {city} is the best {date}?",
        "Look at hotels in {city} {date} without booking",
    ]),
    "unsupported": ([], {}, [
        "Cancel and rebook my flight to {city} for {date}",
        "Pick a seat for me on the flight to {city}",
        "Split the bill for the hotel in {city}",
        "Review my hotel booking in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Please book flights to {city} {date}",
        "A ticket to {city} {date}, please book it",
        "Reserve one seat on a flight to {city} {date}",
        "I want to fly to {city} {date}, book the flight",
        "Purchase one plane ticket to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send the confirmation email to {email}",
        "Book me a flight to {city} {date} and notify {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel in {city} {date} for {nights} nights",
        "Reserve me a hotel room in {city}, {nights} nights from {date}",
        "Book a double room in {city} {date} for {nights} nights",
        "Secure a hotel in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight and a hotel in {city} {date} for {nights} nights",
        "Reserve a flight to {city} {date} and a hotel room for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, don't reserve a hotel",
        "Book a flight to {city} {date} and nothing else",
        "Book a flight to {city} {date}; the hotel is covered",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, skip the email to {email}",
        "Book a flight to {city} {date}, never email {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight reservation {fref}",
        "Kindly cancel my flight {fref}",
        "Cancel ticket {fref} for the flight",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight to {city} please",
        "Please drop my flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel {href}",
        "Cancel the hotel booking {href}, please",
        "Please void hotel reservation {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel reservation in {city}",
        "Please cancel the hotel in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't book the hotel in {city}",
        "Do not buy a ticket to {city}",
        "We are not booking {city} this time",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount}",
        "Bill {amount} to the client",
        "Charge the guest {amount} for the minibar",
        "Please collect {amount} from the client",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount}",
        "Please refund the guest {amount}",
        "Reimburse the client {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the charge {pref}",
        "Please refund payment {pref} in full",
        "Issue a refund for payment {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} a reminder",
        "Get in touch with {email} by email about the offer",
        "Send a short thank-you email to {email}",
        "Send {email} the report",
        "Please email {email} with the good news",
        "Message {email} about the booking",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, book a hotel for {nights} nights, charge {amount} and email {email}",
        "Flight to {city} {date} and a hotel for {nights} nights, charge {amount}, then email {email}",
    ]),
}

HELD_OUT_8_CITIES = ["Iasi", "Aveiro", "Vasteras", "Liberec", "Dijon", "Villach", "Sibenik",
                     "Rakvere", "Kuopio", "Arusha", "Chiclayo", "Fresno", "Kelowna", "Ballarat", "Kumamoto",
                     "Pohang", "Blantyre", "Tandil", "San Diego", "Vung Tau", "Puerto Plata", "Fortaleza"]
HELD_OUT_8 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "I'm wondering if there are flights to {city} {date}",
        "Show flights to {city} {date} sorted by price",
        "Could you find out which flights serve {city} {date}?",
        "Do any airlines fly to {city} {date}",
        "What's available to {city} by air {date}?",
    ]),
    "search_hotel": ([], {}, [
        "Any vacancies at hotels in {city} {date}?",
        "Find hotel deals in {city} {date}, but don't book yet",
    ]),
    "unsupported": ([], {}, [
        "Swap my flight to {city} for an earlier one",
        "Transfer my hotel booking in {city} to my colleague",
        "Downgrade the flight to {city} {date}",
        "Track my flight to {city} {date}",
        "Refuse the hotel upgrade in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book the next available flight to {city} {date}",
        "Buy a ticket on a flight to {city} {date}",
        "I need a seat to {city} {date}, book it",
        "Get a flight to {city} {date} booked for me",
        "Please book travel by air to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and tell {email} by email",
        "Reserve me a flight to {city} {date} and email the receipt to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel room in {city} for {nights} nights beginning {date}",
        "Reserve lodging in {city} {date}, {nights} nights",
        "I'd like to book a hotel in {city} {date} for {nights} nights",
        "Book us a hotel in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book the flight to {city} {date} and the hotel for {nights} nights",
        "Book both a flight to {city} {date} and {nights} nights in a hotel",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no accommodation",
        "Book a flight to {city} {date}. Hotel is not required",
        "Book a flight to {city} {date}; I don't need a place to stay",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and don't notify {email}",
        "Book a flight to {city} {date}, do not send an email to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight {fref} please",
        "Please cancel the flight booking {fref} immediately",
        "Call off flight {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flights to {city}",
        "Scrap the flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel reservation {href} at the hotel",
        "Please cancel hotel {href} today",
        "Void the hotel booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel our hotel reservation in {city}",
        "Call off the hotel in {city}",
    ]),
    "dont_book": ([], {}, [
        "Please don't book flights to {city}",
        "No hotel in {city}, thanks",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the card on file",
        "Bill the guest {amount}",
        "Collect a payment of {amount}",
        "Charge my card {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the guest",
        "Please refund {amount} to my card",
        "Reimburse {amount} to the customer",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment with reference {pref}",
        "Please reverse charge {pref}",
        "Refund transaction {pref} right away",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the contract",
        "Ping {email} by email when you can",
        "Send an e-mail to {email} with the figures",
        "Send {email} a reminder about the payment",
        "Please email {email} the photos",
        "Email a summary to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and a hotel for {nights} nights, then charge {amount} and email {email}",
        "Book flight and hotel ({nights} nights) to {city} {date}, charge {amount}, confirm by email to {email}",
    ]),
}

HELD_OUT_9_CITIES = ["Constanta", "Viseu", "Umea", "Zlin", "Rennes", "Wels", "Trogir",
                     "Tartu", "Oulu", "Mombasa", "Trujillo", "Tucson", "Nanaimo", "Bendigo", "Nagasaki",
                     "Daegu", "Lilongwe", "Rosario", "San Antonio", "Hue", "La Romana", "Recife"]
HELD_OUT_9 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Which carriers have flights to {city} {date}?",
        "List me the flights to {city} {date}, just looking",
        "Can you check flight times to {city} {date}?",
        "Are there cheap flights to {city} {date}?",
        "Search for flights to {city} {date} but hold off on booking",
    ]),
    "search_hotel": ([], {}, [
        "How much is a hotel in {city} {date}?",
        "Look for hotels near the centre of {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Upgrade my seat on the flight to {city}",
        "Rebook my {city} flight for a later day",
        "Add a checked bag to my flight to {city}",
        "Extend my hotel stay in {city} by {nights} nights",
        "Share my flight to {city} itinerary on social media",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Fly me to {city} {date}",
        "Please get me on a flight to {city} {date}",
        "Book one economy ticket to {city} {date}",
        "Go ahead and book a flight to {city} {date}",
        "Could you book me a flight to {city} {date}?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send the details to {email}",
        "Get me a flight to {city} {date}; email {email} once it's booked",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Find and book a hotel in {city} {date} for {nights} nights",
        "Book {nights} nights at a hotel in {city} starting {date}",
        "Put me up in a hotel in {city} {date} for {nights} nights",
        "Can you reserve a hotel in {city} {date} for {nights} nights?",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Fly me to {city} {date} and book a hotel there for {nights} nights",
        "I need a flight and a hotel in {city} {date}, {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but skip the hotel",
        "Just the flight to {city} {date} please, I have a place to stay",
        "Book a flight to {city} {date} without a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; no need to email {email}",
        "Book a flight to {city} {date} but leave {email} out of it",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "I want to cancel my flight {fref}",
        "Kindly cancel booking {fref} for the flight",
        "Please drop flight reservation {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "I no longer need my flight to {city}, cancel it",
        "Cancel my {city} flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "I want to cancel hotel booking {href}",
        "Cancel my room, reference {href}",
        "Please call off hotel reservation {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the room I booked in {city}",
        "We won't need the hotel in {city} after all, please cancel it",
    ]),
    "dont_book": ([], {}, [
        "Don't reserve any hotel in {city}",
        "Never book flights to {city} for me",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Please charge {amount}",
        "Take {amount} from the customer's card",
        "Process a payment of {amount}",
        "Charge the client {amount} for the booking",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Give back {amount} to the customer",
        "Issue a refund of {amount}",
        "Refund the client {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref}",
        "Issue a refund for transaction {pref}",
        "Please give the money back for payment {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Write to {email} about the meeting",
        "Send a quick note to {email}",
        "Email {email} to say we're running late",
        "Drop {email} an email with the invoice",
        "Forward the itinerary to {email} by email",
        "Mail {email} the agenda",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Plan my trip to {city} {date}: flight, hotel for {nights} nights, charge {amount} and email {email}",
        "Fly me to {city} {date}, book a hotel for {nights} nights, charge {amount}, and email {email} the details",
    ]),
}

HELD_OUT_10_CITIES = ["Brasov", "Guimaraes", "Lulea", "Opava", "Angers", "Steyr", "Makarska",
                      "Parnu", "Joensuu", "Kisumu", "Arequipa", "Boise", "Kamloops", "Geelong", "Sapporo",
                      "Ulsan", "Zomba", "Mendoza", "Santa Fe", "Nha Trang", "Punta Cana", "Natal"]
HELD_OUT_10 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Is it possible to fly to {city} {date}?",
        "Show me what flights there are to {city} {date}",
        "Find flights to {city} {date} so I can compare",
        "Check if there's a flight to {city} {date}",
        "Look up flights to {city} {date}, I'll book myself",
    ]),
    "search_hotel": ([], {}, [
        "Find me hotel options in {city} {date}",
        "What are hotel prices like in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Change the name on my flight to {city}",
        "Move my hotel booking in {city} to next month",
        "Request a window seat on my flight to {city}",
        "Get me a late checkout at the hotel in {city}",
        "Rate my stay at the hotel in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book my flight to {city} {date}",
        "I'd like a flight to {city} {date}",
        "Make a flight booking to {city} {date}",
        "Arrange a flight for me to {city} {date}",
        "Can I get a flight booked to {city} {date}?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date} and email the booking to {email}",
        "Fly me out to {city} {date} and let {email} know by email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "I need a hotel room in {city} {date} for {nights} nights",
        "Get us a hotel in {city} {date}, {nights} nights",
        "Reserve {nights} nights in a {city} hotel from {date}",
        "Please book accommodation in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book me a flight to {city} {date} plus a hotel for {nights} nights",
        "Flight to {city} {date} and a room for {nights} nights, please book both",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no room needed",
        "Book a flight to {city} {date}; I'm staying with a friend",
        "Only book the flight to {city} {date}, not the hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and do not email {email}",
        "Book a flight to {city} {date}, {email} doesn't need an email",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel {fref}, the flight",
        "Please cancel my flight, booking reference {fref}",
        "The flight {fref} should be cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Please cancel the flight I booked to {city}",
        "Cancel our flights to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel booking {href}",
        "The hotel reservation {href} needs to be cancelled",
        "Please cancel {href}, it's a hotel booking",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Please cancel my hotel in {city}",
        "Cancel the {city} hotel reservation",
    ]),
    "dont_book": ([], {}, [
        "Do not book anything in {city}",
        "Don't get me a flight to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the customer",
        "Bill me {amount}",
        "Put a charge of {amount} on the card",
        "I'd like to pay {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount}",
        "Send the customer a refund of {amount}",
        "Please refund the guest {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the charge {pref}",
        "Payment {pref} needs a refund",
        "Reverse the payment {pref} please",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send {email} an email about tomorrow",
        "Email the report to {email}",
        "Please send an email to {email}",
        "Notify {email} by email that the order shipped",
        "Shoot {email} an email",
        "Can you email {email} the slides?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date} and a hotel for {nights} nights, charge {amount}, email {email}",
        "I need a flight to {city} {date}, a hotel for {nights} nights, a charge of {amount} and an email to {email}",
    ]),
}

HELD_OUT_11_CITIES = ["Trondheim", "Eldoret", "La Paz", "Kutaisi", "Sibiu", "Bitola", "Cork", "Gijon",
                      "Freiburg", "Szeged", "Mwanza", "Tulsa", "Sacramento", "Da Lat", "Sligo", "Cadiz",
                      "Lublin", "Thessaloniki", "Kumasi", "Maceio", "Kotor", "Varna"]
HELD_OUT_11 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Are there any flights to {city} {date}?",
        "I'd like to see the flights to {city} {date} before deciding",
        "List the flights to {city} {date}",
        "How much is a flight to {city} {date}?",
        "Just checking: flights to {city} {date}? Don't book.",
    ]),
    "search_hotel": ([], {}, [
        "Are there hotels available in {city} {date}?",
        "How expensive are hotels in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Upgrade my flight to {city} to business class",
        "Add a checked bag to my flight to {city}",
        "Book a table for two in {city} {date}",
        "Extend my hotel stay in {city} by {nights} nights",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Get me a ticket to {city} {date}",
        "Could you book me on a flight to {city} {date}?",
        "I want to fly to {city} {date}, please book it",
        "Book one seat to {city} {date}",
        "Sort out a flight to {city} {date} for me",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send the details to {email}",
        "Get me a flight to {city} {date}; email {email} when it's done",
        "Fly me to {city} {date} and cc {email} on the confirmation email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a room in {city} for {nights} nights {date}",
        "Find me somewhere to stay in {city} {date} for {nights} nights and book it",
        "I'll need a hotel in {city} for {nights} nights starting {date}",
        "Reserve a hotel in {city} {date}, {nights} nights please",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a hotel there for {nights} nights",
        "I need to get to {city} {date} and stay {nights} nights, book flight and hotel",
        "Flight plus hotel in {city} {date}, {nights} nights, please book",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, hotel not needed",
        "Book a flight to {city} {date}, I already have a hotel",
        "Book only a flight to {city} {date}, no accommodation",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} without emailing {email}",
        "Book a flight to {city} {date}, don't send anything to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight booking {fref}",
        "I need to cancel {fref}, my flight",
        "Scrap the flight reservation {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight to {city} I booked",
        "I'm not flying to {city} anymore, cancel the ticket",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel my hotel reservation {href}",
        "Please void hotel booking {href}",
        "{href} is a hotel booking I no longer need, cancel it",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel room in {city}",
        "I won't be staying in {city}, cancel my hotel",
    ]),
    "dont_book": ([], {}, [
        "Please don't book any flights to {city}",
        "No hotel in {city} for me, thanks",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the card {amount}",
        "Collect {amount} from the customer",
        "Take a payment of {amount}",
        "Run a charge for {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the customer",
        "Give the customer a refund of {amount}",
        "Pay back {amount} to the client",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund {pref}",
        "Please refund the payment {pref}",
        "Payment {pref} should be refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the invoice",
        "Send an email to {email} about the delay",
        "Let {email} know by email that we arrived",
        "Write an email to {email}",
        "Could you email {email} the receipt?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email} the itinerary",
        "Trip to {city} {date}: book the flight and {nights} nights of hotel, charge {amount}, send confirmation to {email}",
    ]),
}

HELD_OUT_12_CITIES = ["Narvik", "Oradea", "Daugavpils", "Lausanne", "Maribor", "Cuenca", "Omaha", "Nagano",
                      "Ndola", "Haiphong", "Cartagena", "Belem", "Kalmar", "Trieste", "Mostar", "Pecs", "Galway",
                      "Lodz", "Aalborg", "Boulder", "Yellowknife", "San Jose"]
HELD_OUT_12 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Hey, what time do flights leave for {city} {date}?",
        "Give me a list of flights to {city} {date}",
        "We're thinking of going to {city} {date}. What flights exist?",
        "Flights to {city} {date} - just the options for now",
        "I need to know what flights go to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "What hotels are there in {city} {date}?",
        "Find out which hotels in {city} have rooms {date}",
    ]),
    "unsupported": ([], {}, [
        "Change my flight to {city} to an earlier one",
        "Cancel my seat selection on the flight to {city}",
        "Order a taxi to the airport for my flight to {city}",
        "Book airport parking for my trip to {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Hi! Please book me a flight to {city} {date}. Thanks",
        "Flying to {city} {date}, can you book that?",
        "Go ahead and book the flight to {city} {date}",
        "Book the cheapest flight to {city} {date}",
        "My boss needs me in {city} {date}, book a flight",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}. Afterwards email the ticket to {email}.",
        "Please book a flight to {city} {date} and make sure {email} gets the confirmation by email",
        "I'm flying to {city} {date}: book it and email {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book me into a hotel in {city} {date} for {nights} nights",
        "Hotel in {city} {date}, {nights} nights. Please book.",
        "Could you reserve a room in {city} {date} for {nights} nights?",
        "We need somewhere to sleep in {city} {date}, {nights} nights, please book a hotel",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book both a flight to {city} {date} and a hotel for {nights} nights",
        "Get me to {city} {date} and put me in a hotel for {nights} nights",
        "I'm going to {city} {date}; book the flight and a hotel, {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}. I don't need a hotel.",
        "Book a flight to {city} {date}, my company arranges the hotel",
        "Flight only to {city} {date}, please book it",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; please don't email {email} about it",
        "Book a flight to {city} {date}, no email to {email} needed",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel {fref}",
        "Please cancel the flight with reference {fref}",
        "I have to cancel my flight {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "My trip to {city} is off, cancel the flight",
        "Cancel the flight to {city}, plans changed",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel reservation {href} for the hotel",
        "Hotel booking {href}: please cancel",
        "We have to cancel the hotel, booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my stay in {city}",
        "Please cancel the hotel I reserved in {city}",
    ]),
    "dont_book": ([], {}, [
        "Do not make any bookings for {city}",
        "Hold off on any flights to {city} for now",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} please",
        "Bill the client {amount} for the trip",
        "Please take {amount} as payment",
        "Can you charge the customer {amount}?",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Please refund {amount} to the card",
        "The customer should get {amount} back",
        "Return {amount} to the guest",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund transaction {pref}",
        "Could you refund {pref}?",
        "Undo the payment {pref} and refund it",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email}: the meeting moved to Friday",
        "Please write to {email} by email about the invoice",
        "Send {email} a short email",
        "Drop a line to {email} by email",
        "I need an email sent to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book flight and hotel in {city} {date} for {nights} nights, charge {amount}, and email {email} everything",
        "Please handle my {city} trip {date}: flight, {nights} nights of hotel, a charge of {amount}, confirmation to {email}",
    ]),
}

HELD_OUT_13_CITIES = ["Leon", "Ancona", "Hilo", "Launceston", "Kochi", "Mokpo", "Kitwe", "Rosarito", "Fargo",
                      "Stavanger", "Esbjerg", "Chania", "Palermo", "Malaga", "Utrecht", "Bari", "Bergamo", "Kassel",
                      "Lecce", "Oviedo", "Tarragona", "Kiruna"]
HELD_OUT_13 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "flights to {city} {date}?",
        "Can you pull the flight schedule for {city} {date}",
        "Before I decide, what flights go to {city} {date}?",
        "Check availability of flights to {city} {date}",
        "Search for a flight to {city} {date} but wait for my OK before booking",
    ]),
    "search_hotel": ([], {}, [
        "Which hotels in {city} are free {date}?",
        "Show me hotel availability in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Add my frequent flyer number to the flight to {city}",
        "Request a late check-in at my hotel in {city}",
        "Split the hotel bill in {city} with my colleague",
        "Rebook my flight to {city} for {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book flight to {city} {date}",
        "I'd like you to book a flight to {city} {date}",
        "Please purchase a ticket to {city} {date}",
        "Need a flight to {city} {date} booked asap",
        "Reserve me a seat to {city} {date}, economy is fine",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send a copy to {email}",
        "Book me on a flight to {city} {date}, then notify {email}",
        "Flight to {city} {date} please, and email the details to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "book hotel {city} {date} {nights} nights",
        "Find and book a hotel room in {city} {date} for {nights} nights",
        "I'd like to stay {nights} nights in {city} from {date}, please book a hotel",
        "Arrange a hotel in {city} for {nights} nights, checking in {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and also a room for {nights} nights",
        "Flight and hotel to {city} {date} for {nights} nights, book both please",
        "Please book travel to {city} {date} and {nights} nights at a hotel",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but no hotel",
        "Book just the flight to {city} {date}, I'm staying at my sister's",
        "Book a flight to {city} {date}; the hotel is already taken care of",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, and don't notify {email}",
        "Book a flight to {city} {date} without sending {email} anything",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Please cancel flight {fref}",
        "Cancel the booking {fref}, it's a flight",
        "My flight {fref} has to be cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my trip's flight to {city}",
        "Get rid of the flight to {city} that I booked",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel the room reservation {href}",
        "Please cancel my hotel, the booking number is {href}",
        "Void reservation {href} at the hotel",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel our hotel booking in {city}",
        "I don't need my room in {city} anymore, cancel it",
    ]),
    "dont_book": ([], {}, [
        "Please never book hotels in {city}",
        "Stop, don't book the flight to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to my card",
        "Take {amount} from the client",
        "Bill {amount} to the customer's account",
        "Please process a charge of {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund the customer {amount} please",
        "Issue {amount} back to the customer as a refund",
        "Send a refund of {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Please refund the transaction {pref}",
        "I need payment {pref} refunded",
        "Refund {pref} in full",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "email {email} the agenda",
        "Send a message to {email} by email saying thanks",
        "Please email {email} about the change",
        "Compose an email to {email}",
        "Could you send {email} an email with the details?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and send the itinerary to {email}",
        "Full trip to {city} {date}: flight, hotel for {nights} nights, bill {amount}, email {email}",
    ]),
}

HELD_OUT_14_CITIES = ["Odense", "Gyor", "Kosice", "Vigo", "Cuzco", "Nara", "Jeju", "Gulu", "Iquique", "Lugano",
                      "Bremen", "Toulon", "Nimes", "Alicante", "Murcia", "Debrecen", "Olbia", "Bodrum", "Girona",
                      "Perugia", "Verona", "Haugesund"]
HELD_OUT_14 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "What's the earliest flight to {city} {date}?",
        "Please find flights to {city} {date}, I'll choose later",
        "Any direct flights to {city} {date}?",
        "Look for flights to {city} {date}; don't buy anything",
        "Could you see if there are seats on flights to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "Look for hotels in {city} {date}, just to compare",
        "Is there any hotel with free rooms in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Transfer my flight to {city} to my colleague",
        "Book a rental car in {city} {date}",
        "Cancel the breakfast on my hotel booking in {city}",
        "Order flowers for my hotel room in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Could you please get me a plane ticket to {city} {date}?",
        "Book the 9am flight to {city} {date}",
        "I must be in {city} {date}; book me a flight",
        "Go ahead and reserve a flight to {city} {date}",
        "Book a return flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and mail the confirmation to {email}",
        "After booking a flight to {city} {date}, email {email}",
        "Book a flight to {city} {date}. {email} should get the itinerary by email.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a double room in {city} {date} for {nights} nights",
        "Reserve accommodation in {city} for {nights} nights from {date}",
        "Hotel for {nights} nights in {city} starting {date}, please reserve",
        "Find me a hotel in {city} {date} for {nights} nights and reserve it",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a {nights}-night hotel stay",
        "Reserve a flight and a hotel in {city} {date}, {nights} nights",
        "Fly me to {city} {date} and reserve a room for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}. No hotel please.",
        "Book a flight to {city} {date}, I'll be staying with relatives",
        "Book a flight to {city} {date}, accommodation is sorted",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, skip the email to {email}",
        "Book a flight to {city} {date} and do not send {email} a confirmation",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel reservation {fref} for my flight",
        "Flight {fref} - please cancel",
        "Please cancel booking {fref} (flight)",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my upcoming flight to {city}",
        "Please cancel the {city} flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel {href}",
        "Please cancel the hotel reservation with number {href}",
        "Call off my hotel booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the room in {city}, we're not going",
        "Please cancel my accommodation in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't reserve anything in {city} yet",
        "No flights to {city} please",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the customer {amount} for the room",
        "Please bill {amount}",
        "Take a {amount} payment from the card",
        "Collect a payment of {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Please give {amount} back to the customer",
        "Refund {amount} to the client's card",
        "Issue a {amount} refund",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment with reference {pref}",
        "Can you refund payment {pref}?",
        "The charge {pref} must be refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} to confirm the meeting",
        "Send an email to {email} with the schedule",
        "Ping {email} by email",
        "Write {email} an email about lunch",
        "Email the summary to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} plus {nights} nights in a hotel, charge {amount}, then email {email}",
        "Organise my trip to {city} {date}: flight, hotel ({nights} nights), charge {amount}, email {email}",
    ]),
}

HELD_OUT_15_CITIES = ["Lleida", "Siena", "Lahti", "Kristiansand", "Lorient", "Brest", "Caen", "Erfurt", "Jena",
                      "Rostock", "Padua", "Modena", "Trento", "Pavia", "Sopot", "Torun", "Olsztyn", "Varazdin",
                      "Celje", "Koper", "Zilina", "Nitra"]
HELD_OUT_15 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "When do flights to {city} leave {date}?",
        "Tell me about flights to {city} {date}",
        "Find the cheapest flights to {city} {date}, but hold the booking",
        "Are flights to {city} {date} expensive?",
        "I'm looking at flights to {city} {date}, what's available?",
    ]),
    "search_hotel": ([], {}, [
        "What's a good hotel in {city} {date}?",
        "List hotels in {city} with availability {date}",
    ]),
    "unsupported": ([], {}, [
        "Cancel the insurance on my flight to {city}",
        "Add a crib to our hotel room in {city}",
        "Check me in for my flight to {city}",
        "Book a spa appointment at the hotel in {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "URGENT: book a flight to {city} {date}",
        "Book a flight to {city} {date} \u2708\ufe0f",
        "We need one flight to {city} {date}, please book",
        "Reserve the first flight to {city} {date}",
        "Would you book a flight for me to {city} {date}?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}; once booked, email {email}",
        "Please reserve a flight to {city} {date} and send {email} the booking by email",
        "Book a flight to {city} {date} and email it to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book {nights} nights at a hotel in {city} from {date}",
        "Please get us a room in {city} {date} for {nights} nights",
        "Could you book a hotel in {city} {date}? {nights} nights",
        "Reserve a hotel room for {nights} nights in {city}, arriving {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book me a flight to {city} {date} and reserve a hotel for {nights} nights there",
        "I need both: a flight to {city} {date} and a hotel for {nights} nights. Book them.",
        "Book travel and accommodation in {city} {date} for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}. Hotel: not needed.",
        "Book a flight to {city} {date}; we'll stay at a friend's flat",
        "Book a flight to {city} {date} (no hotel)",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}. Don't email {email}.",
        "Book a flight to {city} {date}; no need to notify {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight reservation {fref}",
        "I'd like to cancel my flight, reference {fref}",
        "Please cancel {fref} - it's my flight",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "I want my flight to {city} cancelled",
        "Cancel the return flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel reservation {href} please",
        "I'd like to cancel my hotel booking {href}",
        "Hotel {href} should be cancelled",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my {city} hotel",
        "Please cancel the room we booked in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't book me a hotel in {city}",
        "We do not want any flights to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount}",
        "Charge the card on file {amount}",
        "Please collect {amount} from the guest",
        "Bill the guest {amount} for the minibar",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} please",
        "Give the guest a {amount} refund",
        "Return {amount} to the customer's card",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref} please",
        "Reverse {pref}",
        "Payment {pref} was a mistake, refund it",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the contract",
        "Send a reminder email to {email}",
        "Please send {email} a follow-up email",
        "Notify {email} by email about the booking",
        "Write to {email}: see you soon",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book my trip to {city} {date}: a flight, a hotel for {nights} nights, charge {amount}, and email {email}",
        "Flight to {city} {date}, hotel {nights} nights, charge {amount}, send confirmation to {email} - book it all",
    ]),
}

HELD_OUT_16_CITIES = ["Kranj", "Szolnok", "Gdynia", "Boras", "Kotka", "Pori", "Ptuj", "Lucca", "Rimini", "Sassari",
                      "Cagliari", "Salerno", "Foggia", "Braganca", "Leiria", "Huesca", "Teruel", "Zamora", "Segovia",
                      "Burgos", "Leuven", "Tilburg"]
HELD_OUT_16 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Show all flights to {city} {date} please",
        "Which airline has the cheapest flight to {city} {date}?",
        "Do you have flights to {city} {date}?",
        "Research flight options to {city} {date} for me",
        "Let me know the flights to {city} {date}, no purchase yet",
    ]),
    "search_hotel": ([], {}, [
        "Recommend a hotel in {city} {date}",
        "Where can I stay in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Change the date of my hotel booking in {city}",
        "Book a meeting room at the hotel in {city} {date}",
        "Get me a refund voucher for the flight to {city}",
        "Cancel the taxi to my hotel in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Please book a one-way flight to {city} {date}",
        "Book me the next flight to {city} {date}",
        "Could you arrange a flight to {city} {date} for my manager?",
        "I'd like to book air tickets to {city} {date}",
        "Flight to {city} {date}. Book it, please.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and forward the confirmation to {email}",
        "Reserve a flight to {city} {date}; the ticket should go to {email} by email",
        "Book a flight to {city} {date} and drop {email} an email when done",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel in {city} {date}, {nights} nights, near the centre",
        "We'd like a hotel in {city} for {nights} nights from {date}, please book",
        "Reserve a room for two in {city} {date} for {nights} nights",
        "Find a hotel in {city} {date} for {nights} nights and book the best one",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight and hotel for my trip to {city} {date}, {nights} nights",
        "Fly me to {city} {date}; I'll also need a hotel for {nights} nights, book it",
        "Book a flight to {city} {date}, and a hotel there ({nights} nights)",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} - hotel not required",
        "Book a flight to {city} {date}, leave the hotel out",
        "Book a flight to {city} {date}; I've got a place to stay",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; {email} should not be emailed",
        "Book a flight to {city} {date}, no confirmation email to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel the flight booking with code {fref}",
        "Flight reservation {fref} needs to be cancelled",
        "Kindly cancel my flight ({fref})",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight I have to {city}",
        "Please cancel our {city} flights",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel booking number {href}",
        "I need hotel reservation {href} cancelled",
        "Please cancel the hotel stay {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel booking for {city}",
        "We no longer need the hotel in {city}",
    ]),
    "dont_book": ([], {}, [
        "Under no circumstances book a flight to {city}",
        "I don't want a hotel in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} for the booking",
        "Charge my client {amount}",
        "Please put {amount} on the customer's card",
        "Make a charge of {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the guest please",
        "Please issue a refund for {amount}",
        "Credit {amount} back to the customer",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment {pref} in full",
        "Please issue a refund on {pref}",
        "Refund charge {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send an email to {email} saying we're on our way",
        "Email {email} a copy of the invoice",
        "Reach out to {email} by email",
        "Please email {email} with the new times",
        "Send {email} the agenda by email",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, {nights} nights of hotel, charge {amount}, email {email} the confirmation",
        "For my {city} trip {date}: book the flight, book a hotel for {nights} nights, charge {amount}, and email {email}",
    ]),
}

HELD_OUT_17_CITIES = ["Namur", "Breda", "Arnhem", "Zwolle", "Avila", "Soria", "Kortrijk", "Aalst", "Hasselt", "Liege",
                      "Maastricht", "Delft", "Haarlem", "Leiden", "Gouda", "Assen", "Emmen", "Venlo", "Deventer",
                      "Enschede", "Apeldoorn", "Nijmegen"]
HELD_OUT_17 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "What flights leave for {city} {date}?",
        "Show me the flight options to {city} {date}",
        "Is there a nonstop flight to {city} {date}?",
        "Search flights to {city} {date} and hold off on any booking",
        "Browse flights to {city} {date} for me",
    ]),
    "search_hotel": ([], {}, [
        "Show me some hotels in {city} for {date}",
        "Hotels near the station in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Swap my hotel in {city} for a cheaper one",
        "Add breakfast to my hotel booking in {city}",
        "Book a guided tour in {city} {date}",
        "Cancel the car hire at the airport in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book flights to {city} {date} for me",
        "Please get a seat for me on a flight to {city} {date}",
        "Book an early flight to {city} {date}",
        "Get me booked on a flight to {city} {date}",
        "Buy a flight ticket to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send the e-ticket to {email}",
        "Book my flight to {city} {date}, email the receipt to {email}",
        "Reserve a flight to {city} {date} and keep {email} in the loop by email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Need a hotel room in {city} {date} for {nights} nights, please book",
        "Book somewhere to stay in {city} {date} for {nights} nights",
        "Reserve {nights} nights at a hotel in {city} starting {date}",
        "Please book me a hotel in {city} for {nights} nights from {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a place to stay for {nights} nights",
        "Flights and hotel for {city} {date}, {nights} nights - book them",
        "Book a flight to {city} {date} and book a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no need for a hotel",
        "Book a flight to {city} {date} and nothing else",
        "Book a flight to {city} {date}; I've booked the hotel already",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but don't email {email} yet",
        "Book a flight to {city} {date}; there's no need to write to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight {fref} please",
        "Could you cancel my flight booking {fref}?",
        "Flight booking {fref} is no longer needed",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my flight to {city} tomorrow",
        "We aren't flying to {city} anymore, cancel the flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel my hotel booking, reference {href}",
        "Cancel booking {href} at the hotel please",
        "Hotel reservation {href} is no longer needed",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel room I reserved in {city}",
        "Drop my hotel reservation in {city}",
    ]),
    "dont_book": ([], {}, [
        "Never book a hotel in {city} for me",
        "Don't buy any flights to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the guest's card {amount}",
        "Bill the company {amount}",
        "Take payment of {amount} from the customer",
        "Charge {amount} for the late checkout",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund the guest {amount}",
        "Give a refund of {amount} to the customer",
        "Pay the customer back {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund {pref} please",
        "Please reverse the charge {pref}",
        "I want a refund for payment {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the travel plan",
        "Send an email to {email} about the trip",
        "Let {email} know by email that the booking is done",
        "Please send a note to {email} by email",
        "Mail the invoice to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and a hotel for {nights} nights, charge {amount}, and send the details to {email}",
        "Trip to {city} {date}: flight + hotel ({nights} nights), charge {amount}, confirmation email to {email}",
    ]),
}

HELD_OUT_18_CITIES = ["Zutphen", "Lelystad", "Almere", "Wavre", "Dinant", "Ypres", "Tournai", "Charleroi", "Mechelen",
                      "Ostend", "Hoorn", "Alkmaar", "Leeuwarden", "Sneek", "Harlingen", "Heerlen", "Roermond", "Weert",
                      "Doetinchem", "Kampen", "Meppel", "Hengelo"]
HELD_OUT_18 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Could you look up flights to {city} {date}?",
        "Flight times to {city} {date}, please",
        "What are my options for flying to {city} {date}?",
        "Find available flights to {city} {date}. Do not reserve.",
        "I wonder which flights go to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Are any hotels in {city} available {date}?",
        "Give me a few hotel options in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Print my boarding pass for the flight to {city}",
        "Cancel the dinner reservation at my hotel in {city}",
        "Book a train to {city} {date}",
        "Get me a visa for my trip to {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book me a seat on the earliest flight to {city} {date}",
        "Please book a flight for two to {city} {date}",
        "Secure a flight to {city} {date} for me",
        "Make a flight reservation to {city} {date}",
        "I'd appreciate it if you booked a flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, then email the itinerary to {email}",
        "Book a flight to {city} {date} and cc {email} by email",
        "Get me a flight to {city} {date} and send {email} the confirmation",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Please book a hotel room in {city} {date} for {nights} nights",
        "I need accommodation in {city} {date}, {nights} nights, book it",
        "Book lodging in {city} for {nights} nights beginning {date}",
        "Could you get me a hotel in {city} {date} for {nights} nights?",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book me a flight to {city} {date} and {nights} nights in a hotel",
        "I need to travel to {city} {date}: book flight and hotel, {nights} nights",
        "Reserve a flight to {city} {date} plus a hotel room for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; skip the hotel",
        "Book a flight to {city} {date}, we have a hotel",
        "Just book a flight to {city} {date}, no accommodation needed",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and don't send anything to {email}",
        "Book a flight to {city} {date}, no emails to {email} please",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel my flight reservation {fref}",
        "Please cancel the flight, booking {fref}",
        "Flight {fref} must be cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight booked to {city}",
        "Please cancel my {city} flight reservation",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel booking {href} please",
        "Please cancel my hotel room, reference {href}",
        "The hotel booking {href} is cancelled, please process it",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel we reserved in {city}",
        "Cancel my reservation at the hotel in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't book any hotel for me in {city}",
        "Please do not reserve flights to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the client",
        "Please charge the credit card {amount}",
        "Bill {amount} for the stay",
        "Collect payment of {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to my client",
        "Send {amount} back to the customer as a refund",
        "Please refund the customer {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment {pref}",
        "Please process a refund for {pref}",
        "Reverse payment {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} a quick update",
        "Send {email} an email",
        "Write an email to {email} about the schedule change",
        "Please email the itinerary to {email}",
        "Can you send an email to {email}?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and a hotel for {nights} nights, charge {amount}, email {email} the receipt",
        "Arrange my {city} trip {date}: flights, a hotel for {nights} nights, a charge of {amount}, and an email to {email}",
    ]),
}

HELD_OUT_19_CITIES = ["Breukelen", "Hilversum", "Amersfoort", "Purmerend", "Zaandam", "Schiedam", "Vlaardingen",
                      "Gorinchem", "Dordrecht", "Woerden", "Bussum", "Naarden", "Huizen", "Baarn", "Zeist",
                      "Veenendaal", "Wageningen", "Culemborg", "Helmond", "Oosterhout", "Waalwijk", "Boxtel"]
HELD_OUT_19 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "What flights can I take to {city} {date}?",
        "Pull up flights to {city} {date}",
        "Find me the flight prices to {city} {date}",
        "Which flights to {city} {date} have seats left?",
        "Search for flights to {city} {date}, but do not book any",
    ]),
    "search_hotel": ([], {}, [
        "Hotel suggestions for {city} {date}?",
        "Check hotel availability in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Upgrade my hotel room in {city} to a suite",
        "Request a wheelchair for my flight to {city}",
        "Book a parking spot at the hotel in {city} {date}",
        "Cancel the shuttle from the airport in {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, economy class",
        "I'd like a plane ticket to {city} {date}, please book it",
        "Book tickets for a flight to {city} {date}",
        "Organise a flight to {city} {date}",
        "Get a flight to {city} {date} booked for me",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and notify {email} by email",
        "Book a flight to {city} {date}; send the booking confirmation to {email}",
        "Please book me a flight to {city} {date} and email {email} the details",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel for {nights} nights in {city}, check-in {date}",
        "Reserve a room in a hotel in {city} {date} for {nights} nights",
        "Hotel booking please: {city}, {date}, {nights} nights",
        "Book us into a hotel in {city} for {nights} nights from {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} along with a hotel for {nights} nights",
        "Please reserve both a flight to {city} {date} and a hotel room for {nights} nights",
        "Book a flight to {city} {date}; also book a hotel there for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, a hotel is not necessary",
        "Book a flight to {city} {date} - I'm staying with colleagues",
        "Book a flight to {city} {date} but leave out the hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; do not notify {email}",
        "Book a flight to {city} {date}, and please don't email {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight booking {fref}, please",
        "Please cancel my plane ticket {fref}",
        "I must cancel flight {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel all my flights to {city}",
        "Please cancel my booked flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel the hotel reservation {href}",
        "Please cancel hotel {href}",
        "I want to cancel my hotel, booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my room in {city}",
        "Please cancel the hotel stay in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't make any hotel booking in {city}",
        "I do not want to fly to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the customer's card",
        "Please bill the client {amount}",
        "Charge the traveller {amount}",
        "Process a {amount} charge",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the traveller",
        "Give {amount} back to the client",
        "Issue a refund of {amount} to the card",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund transaction {pref} please",
        "Please refund charge {pref}",
        "I'd like payment {pref} refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} with an update",
        "Send a confirmation email to {email}",
        "Drop {email} a line by email",
        "Email {email} that we'll be late",
        "Please write an email to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, a hotel for {nights} nights, charge {amount}, and email the itinerary to {email}",
        "Please book my {city} trip {date} - flight and hotel ({nights} nights) - charge {amount} and email {email}",
    ]),
}

HELD_OUT_20_CITIES = ["Setubal", "Tomar", "Sintra", "Cascais", "Obidos", "Nazare", "Peniche", "Lagos", "Tavira",
                      "Olhao", "Portimao", "Albufeira", "Chaves", "Lamego", "Elvas", "Beja", "Sines", "Estoril",
                      "Ericeira", "Mafra", "Amarante", "Barcelos"]
HELD_OUT_20 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Any flights heading to {city} {date}?",
        "List the available flights to {city} {date}",
        "What would a flight to {city} {date} cost?",
        "Could you look for flights to {city} {date}? No booking yet",
        "Give me flight times to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Are there any hotels free in {city} {date}?",
        "What do hotels in {city} cost {date}?",
    ]),
    "unsupported": ([], {}, [
        "Change my seat on the flight to {city} to an aisle seat",
        "Add travel insurance to my trip to {city}",
        "Rent a car in {city} {date}",
        "Order a taxi to the airport in {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Can you book me on a flight to {city} {date}?",
        "Sort me out a flight to {city} {date}",
        "Please get me a seat on a plane to {city} {date}",
        "Book the earliest flight to {city} {date}",
        "I want to book a one-way flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and mail the e-ticket to {email}",
        "Get me a flight to {city} {date}, then email the confirmation to {email}",
        "Book a flight to {city} {date} and let {email} know by email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Find and book a hotel in {city} for {nights} nights starting {date}",
        "Could you reserve me a hotel in {city} for {nights} nights from {date}?",
        "Reserve accommodation in {city} for {nights} nights, arriving {date}",
        "Please book a {nights}-night hotel stay in {city} {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book me a flight to {city} {date} plus {nights} nights in a hotel",
        "I need a flight to {city} {date} and somewhere to stay for {nights} nights, book both",
        "Book a flight and a hotel in {city} {date}, {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; no hotel needed",
        "Just the flight to {city} {date}, please book it, I have a place to stay",
        "Book a flight to {city} {date}, hotel not required",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; {email} should not get an email",
        "Book a flight to {city} {date} but don't send anything to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel my flight, reference {fref}",
        "Cancel the plane booking under {fref}",
        "Flight {fref} needs to be cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Scrap my flight to {city}",
        "The {city} trip is cancelled, so cancel my flight there",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Kindly cancel booking {href} for the hotel",
        "Please cancel my hotel reservation, reference {href}",
        "The hotel reservation {href} is no longer needed, cancel it",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my hotel booking in {city}",
        "I won't be staying at the hotel in {city}, please cancel it",
    ]),
    "dont_book": ([], {}, [
        "Do not book a flight to {city}",
        "Please don't reserve anything in {city} {date}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Run a card charge of {amount}",
        "Debit the client's card {amount}",
        "Bill {amount} to the guest",
        "Collect {amount} from the traveller's card",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Pay the client back {amount}",
        "Reimburse the guest {amount}",
        "Please process a refund for {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the payment with id {pref}",
        "Reverse the charge {pref}",
        "Please issue a refund for transaction {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send an email to {email} saying the trip is confirmed",
        "Email {email} the agenda",
        "Could you email {email} for me?",
        "Write to {email} by email about the delay",
        "Notify {email} by email that the booking is done",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and send the details to {email}",
        "Plan my trip to {city} {date}: book the flight and {nights} nights of hotel, charge {amount}, email {email}",
    ]),
}

HELD_OUT_21_CITIES = ["Kilkenny", "Tralee", "Killarney", "Athlone", "Wexford", "Drogheda", "Dundalk", "Ennis",
                      "Westport", "Kinsale", "Bantry", "Clonmel", "Carlow", "Naas", "Navan", "Mullingar", "Tullamore",
                      "Letterkenny", "Donegal", "Cobh", "Youghal", "Limerick"]
HELD_OUT_21 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "any cheap flights to {city} {date}?",
        "Can I see what flights go to {city} {date}?",
        "Look up the next flights to {city} {date} for me",
        "I'd like to compare airfares to {city} {date}",
        "Search for a flight to {city} {date}, I'll decide later",
    ]),
    "search_hotel": ([], {}, [
        "Which hotels in {city} have availability {date}?",
        "Find out hotel prices in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Book a restaurant table in {city} {date}",
        "Cancel my train ticket to {city}",
        "Push my flight to {city} back a day",
        "Add extra luggage to my flight to {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I'd love a flight to {city} {date}, can you book it?",
        "Would you reserve a flight to {city} {date} for me?",
        "Book flight {city} {date}",
        "Need a plane ticket to {city} {date} booked",
        "Please secure me a seat on a flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and send {email} the booking details",
        "Book me a flight to {city} {date}. Email the e-ticket to {email}.",
        "Fly me to {city} {date} and drop an email to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Get me a hotel room in {city} for {nights} nights from {date}",
        "Hotel in {city}, {nights} nights, from {date}, please book",
        "Can you book a hotel in {city} {date}? {nights} nights",
        "Reserve {nights} nights of accommodation in {city} starting {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Flight to {city} {date} and a hotel for {nights} nights, please book both",
        "Get me a flight and a hotel room in {city} {date} for {nights} nights",
        "Book my travel to {city} {date} and a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; I will find accommodation myself",
        "Only book the flight to {city} {date}, not a hotel",
        "Book a flight to {city} {date} - we don't need a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and do not contact {email}",
        "Book a flight to {city} {date}, keep {email} out of the loop",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel the airline reservation {fref}",
        "Flight booking {fref}: please cancel",
        "I need to cancel my flight {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel every flight I have to {city}",
        "Kill the flight booking to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel the room reservation with code {href}",
        "Please drop hotel reservation {href}",
        "Scrap the hotel booking {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the room I reserved in {city}",
        "We won't need the {city} hotel anymore - cancel it",
    ]),
    "dont_book": ([], {}, [
        "Please do not book any flights to {city} {date}",
        "No hotel booking in {city}, thanks",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Put a charge of {amount} on the customer's card",
        "Please take {amount} from the customer",
        "Bill the account {amount}",
        "Charge the card {amount} for the trip",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Credit {amount} back to the customer as a refund",
        "Give the traveller a refund of {amount}",
        "The client is owed {amount}, refund it",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund everything from payment {pref}",
        "Please reverse payment {pref}",
        "Transaction {pref} should be refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send {email} an email about the itinerary",
        "Email the updated plan to {email}",
        "Shoot {email} a quick email",
        "Please notify {email} via email",
        "Could you send an email to {email} with the receipt?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and a {nights}-night hotel, charge {amount}, then email {email}",
        "Full trip to {city} {date}: flight, hotel for {nights} nights, {amount} charged, confirmation to {email}",
    ]),
}

HELD_OUT_22_CITIES = ["Inverness", "Oban", "Stirling", "Dundee", "Aviemore", "Fort William", "Pitlochry", "Dunfermline",
                      "Kirkcaldy", "Ayr", "Dumfries", "Elgin", "Wick", "Thurso", "Portree", "Stornoway", "Kirkwall",
                      "Lerwick", "Falkirk", "Paisley", "Peebles", "Largs"]
HELD_OUT_22 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Is there a flight to {city} {date}?",
        "What time do flights leave for {city} {date}?",
        "Check whether any airline flies to {city} {date}",
        "Show me the cheapest flights to {city} {date}",
        "I'm researching flights to {city} {date}, don't book anything",
    ]),
    "search_hotel": ([], {}, [
        "Show me hotels in {city} {date}",
        "Is there a cheap hotel in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Arrange a visa appointment for my {city} trip",
        "Reserve a walking tour of {city} {date}",
        "Correct the passenger name on my {city} flight",
        "Add priority boarding to my flight to {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Yes, book that flight to {city} {date}",
        "Book a round-trip flight to {city} {date}",
        "I'd like to fly out to {city} {date}, please arrange it",
        "Could you get me a plane ticket for {city} {date}?",
        "Flight booking to {city} {date}, please",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and then email {email} the ticket",
        "After booking a flight to {city} {date}, send the details to {email}",
        "Book me on a flight to {city} {date}; confirmation by email to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel room for {nights} nights in {city}, arriving {date}",
        "Could you reserve a hotel in {city} {date}, {nights} nights?",
        "I need somewhere to stay in {city} {date} for {nights} nights",
        "Arrange accommodation in {city} for {nights} nights from {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a room there for {nights} nights",
        "I need a flight and {nights} nights of hotel in {city} {date}",
        "Please book travel to {city} {date} plus a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; lodging is already arranged",
        "Book a flight to {city} {date}. We won't require a hotel.",
        "Just book the flight to {city} {date}; the hotel is taken care of",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, but {email} doesn't need to hear about it",
        "Book a flight to {city} {date} - there is no need to write to {email} afterwards",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel the flight reservation {fref} please",
        "I'd like to cancel flight booking {fref}",
        "Flight {fref} - cancel it",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Please cancel my upcoming flight to {city}",
        "I won't be flying to {city} after all, cancel the flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel stay {href}",
        "Call off the room booking {href}, please",
        "The hotel booking {href} must be cancelled",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel whatever hotel I have in {city}",
        "I don't need my room in {city} anymore, please cancel",
    ]),
    "dont_book": ([], {}, [
        "Make sure no hotel gets booked in {city}",
        "Don't book me a flight to {city} {date}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the guest {amount} for the stay",
        "Please charge {amount} to the client's credit card",
        "Collect {amount} from the guest at checkout",
        "Charge {amount} now",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Send the guest a {amount} refund",
        "Issue the customer a refund of {amount}",
        "Please give the traveller back {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the transaction {pref}",
        "Transaction {pref} was a mistake, refund it",
        "Please refund {pref} in full",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} and tell them the meeting moved",
        "Send a message to {email} by email",
        "Please send {email} a short email",
        "Write {email} an email about the booking",
        "Send an email to {email} to confirm the trip",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "I want a flight to {city} {date} and a hotel for {nights} nights; charge {amount} and email {email} the plan",
        "Trip to {city} {date}: book flight and hotel ({nights} nights), charge {amount}, send confirmation to {email}",
    ]),
}

HELD_OUT_23_CITIES = ["Aberystwyth", "Bangor", "Conwy", "Llandudno", "Tenby", "Swansea", "Wrexham", "Brecon",
                      "Pembroke", "Carmarthen", "Caernarfon", "Harlech", "Barmouth", "Machynlleth", "Dolgellau",
                      "Llangollen", "Ruthin", "Denbigh", "Holyhead", "Porthmadog", "Abergavenny", "Monmouth"]
HELD_OUT_23 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "hi, what flights do you have to {city} {date}?",
        "Just looking: flights to {city} {date}",
        "Please find flights to {city} {date} but hold the booking",
        "Are any seats left on flights to {city} {date}?",
        "Can you tell me the flight options to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "hotels in {city} {date} - what's available?",
        "Please look for a hotel in {city} {date} but don't reserve it",
    ]),
    "unsupported": ([], {}, [
        "Send my boarding pass to the printer for the {city} flight",
        "Find me a good restaurant near the hotel in {city}",
        "Extend my hotel stay in {city} by one night",
        "Do the online check-in for my flight to {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book me a flight to {city} {date} thanks",
        "We need two seats on a flight to {city} {date}, please book them",
        "Create a flight reservation to {city} {date}",
        "Reserve a flight for me to {city} {date}",
        "I have to be in {city} {date}, book me a flight",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, and cc {email} on the confirmation",
        "Please book a flight to {city} {date} and make sure {email} is emailed the itinerary",
        "flight to {city} {date}, book it and email {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel in {city} checking in {date} for {nights} nights",
        "Please reserve lodging in {city} from {date}, {nights} nights",
        "Hotel for {nights} nights in {city} starting {date} - please book it",
        "We'd like a hotel room in {city} for {nights} nights beginning {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book both a flight to {city} {date} and {nights} hotel nights",
        "Arrange flights to {city} {date} and book a hotel for {nights} nights",
        "Book a flight to {city} {date}, and a hotel room for {nights} nights as well",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; hotel isn't needed",
        "Book a flight to {city} {date}. My hotel is already booked.",
        "Book a flight to {city} {date} but no room please",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, and leave {email} off the emails",
        "Book a flight to {city} {date} and do not send an email to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "cancel flight {fref}",
        "Please void flight booking {fref}",
        "I'd like my flight reservation {fref} cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight to {city} I booked last week",
        "Please cancel any flight I have to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Please cancel the room booking {href}",
        "cancel hotel {href} asap",
        "I want hotel reservation {href} cancelled",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel that hotel reservation in {city}",
        "Please cancel my lodging in {city}",
    ]),
    "dont_book": ([], {}, [
        "We don't want any hotel in {city} booked",
        "Never book me on flights to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the customer's card {amount}",
        "Bill {amount} to the client for the booking",
        "Please run a payment of {amount}",
        "Charge {amount} to the traveler",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund the client {amount} today",
        "Please give the customer {amount} back",
        "Process a {amount} refund for the guest",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "refund {pref}",
        "Could you refund payment {pref}?",
        "Issue a full refund on transaction {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send {email} an email with the trip details",
        "email {email} please",
        "Can you send a quick email to {email}?",
        "Let {email} know by email that the booking is confirmed",
        "Mail {email} the itinerary",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book flight and hotel to {city} {date} for {nights} nights, charge {amount}, email {email}",
        "I need the whole trip to {city} {date}: flight, {nights} nights hotel, charge {amount} and send it all to {email}",
    ]),
}

HELD_OUT_24_CITIES = ["Thun", "Spiez", "Brig", "Visp", "Sion", "Sierre", "Martigny", "Montreux", "Vevey", "Nyon",
                      "Morges", "Yverdon", "Neuchatel", "Biel", "Solothurn", "Olten", "Aarau", "Winterthur",
                      "Schaffhausen", "Frauenfeld", "Chur", "Davos"]
HELD_OUT_24 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Kindly send over the flight options to {city} {date}",
        "Could we get a list of flights to {city} {date}?",
        "Please research air connections to {city} {date}",
        "What are the options if I want to fly to {city} {date}?",
        "Find the fastest flights to {city} {date} - just looking for now",
    ]),
    "search_hotel": ([], {}, [
        "Please shortlist hotels in {city} {date}",
        "Could you research hotels in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Arrange a chauffeur from the airport in {city} {date}",
        "Please renew my passport before the trip to {city}",
        "Book a meeting room in {city} {date}",
        "Exchange my hotel in {city} for a cheaper one",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Please arrange for a flight to {city} {date}",
        "Kindly book the CEO a flight to {city} {date}",
        "Could we book a flight to {city} {date}?",
        "A flight to {city} {date} is needed - please book",
        "Purchase an airline ticket to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and copy {email} on the confirmation",
        "Book a flight to {city} {date}; confirmation should go to {email}",
        "Please book a flight to {city} {date} and notify {email} once it's done",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Please arrange a hotel in {city} for {nights} nights from {date}",
        "Kindly reserve a hotel room in {city}, {nights} nights, arrival {date}",
        "A hotel in {city} for {nights} nights starting {date} is needed",
        "Book the team into a hotel in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Please arrange a flight to {city} {date} and a hotel for {nights} nights",
        "Book return travel to {city} {date} with {nights} nights' accommodation",
        "Flight and {nights}-night hotel stay in {city} {date}, please book",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; accommodation is provided by the client",
        "Book a flight to {city} {date}, the hotel has been arranged separately",
        "Please book only a flight to {city} {date}, no hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; please do not email {email} about this",
        "Book a flight to {city} {date} and hold off on emailing {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Kindly cancel flight reservation {fref}",
        "Please process the cancellation of flight {fref}",
        "We need flight {fref} cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Please cancel the CEO's flight to {city}",
        "The {city} trip is off; cancel my flight there",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Kindly cancel hotel booking {href}",
        "Please process the cancellation of hotel reservation {href}",
        "We need hotel booking {href} cancelled",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Please cancel the team's hotel in {city}",
        "The hotel in {city} is no longer required, cancel it",
    ]),
    "dont_book": ([], {}, [
        "Please refrain from booking any hotel in {city}",
        "Do not arrange any flights to {city} {date}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Please charge the client {amount} for the service",
        "Invoice the customer {amount}",
        "Kindly debit {amount} from the client's card",
        "Apply a charge of {amount} to the account",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Kindly refund the client {amount}",
        "Please credit {amount} back to the customer",
        "A refund of {amount} is due to the guest, please process it",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Kindly refund payment {pref}",
        "Please process a refund for payment {pref}",
        "We need transaction {pref} refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Kindly email {email} regarding the schedule",
        "Please drop {email} an email about tomorrow",
        "Send {email} a note by email",
        "Please contact {email} by email",
        "Email {email} to say the trip is booked",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Please arrange a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email the details to {email}",
        "Kindly book travel to {city} {date} plus {nights} nights of hotel, charge {amount}, confirmation to {email}",
    ]),
}

HELD_OUT_25_CITIES = ["Bodo", "Alesund", "Molde", "Kristiansund", "Arendal", "Larvik", "Skien", "Drammen", "Hamar",
                      "Lillehammer", "Gjovik", "Harstad", "Alta", "Kirkenes", "Svolvaer", "Steinkjer", "Namsos",
                      "Roros", "Sandefjord", "Tonsberg", "Egersund", "Mandal"]
HELD_OUT_25 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "I want see flights to {city} {date}, not buy",
        "pls show flights {city} {date}",
        "Which flight is cheapest to {city} {date}?",
        "Give me some flight suggestions for {city} {date}",
        "Looking flights to {city} {date} please",
    ]),
    "search_hotel": ([], {}, [
        "I search hotel in {city} {date}",
        "what hotels are free in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Make me a restaurant booking in {city} {date}",
        "I want change my flight to {city} to other day",
        "Buy museum tickets in {city} {date}",
        "Get me an airport transfer in {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I want book flight to {city} {date}",
        "Please to book me flight to {city} {date}",
        "need flight to {city} {date} pls book",
        "Make booking for flight to {city} {date}",
        "Book for me one flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "book flight to {city} {date} and email to {email}",
        "Book flight to {city} {date}, then you send email to {email}",
        "I want flight to {city} {date} booked and confirmation send to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "I need hotel in {city} {date} for {nights} nights, please book",
        "Book please hotel in {city} {date}, {nights} nights",
        "Make hotel reservation in {city} for {nights} nights from {date}",
        "hotel {city} {date} {nights} nights book pls",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book for me flight to {city} {date} and hotel {nights} nights",
        "I want flight and hotel in {city} {date}, {nights} nights, book all",
        "Please book flight to {city} {date} and also hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book flight to {city} {date}, hotel I don't need",
        "Only flight to {city} {date} please, hotel no",
        "Book flight to {city} {date} - without hotel please",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book flight to {city} {date}, don't send email to {email}",
        "Book flight to {city} {date} but no mail for {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Please cancel my flight, number {fref}",
        "I want cancel flight {fref}",
        "flight {fref} cancel pls",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "I want cancel my flight to {city}",
        "Cancel please the flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "I want cancel hotel {href}",
        "Please cancel hotel, booking number {href}",
        "hotel {href} cancel",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel please my hotel in {city}",
        "I not need hotel in {city} anymore, cancel",
    ]),
    "dont_book": ([], {}, [
        "Please no book hotel in {city}",
        "I not want flight to {city} {date}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Please take {amount} from customer card",
        "charge customer {amount}",
        "Make payment {amount} from client card",
        "Customer must pay {amount}, charge it",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Give back {amount} to customer",
        "Customer need refund {amount}",
        "Please return money {amount} to client",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund please the payment {pref}",
        "I want refund for {pref}",
        "payment {pref} refund pls",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send email to {email} please",
        "Write email for {email} about trip",
        "pls email {email}",
        "You send mail to {email}, ok?",
        "Email to {email} the booking",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book flight to {city} {date}, hotel {nights} nights, charge {amount}, send email to {email}",
        "I want all trip {city} {date}: flight, hotel {nights} nights, pay {amount}, email {email}",
    ]),
}

HELD_OUT_26_CITIES = ["Espoo", "Vantaa", "Jyvaskyla", "Lappeenranta", "Hameenlinna", "Rovaniemi", "Kajaani",
                      "Savonlinna", "Porvoo", "Rauma", "Kokkola", "Seinajoki", "Mikkeli", "Naantali", "Salo", "Randers",
                      "Kolding", "Horsens", "Vejle", "Roskilde", "Silkeborg", "Herning"]
HELD_OUT_26 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "I'm thinking about a trip to {city} {date}. What flights are there?",
        "Before I decide anything: which flights go to {city} {date}?",
        "My boss wants to know the flight prices to {city} {date}",
        "We might go to {city} {date}. Can you check flights? Don't book yet.",
        "Show available flights to {city} {date}. I'll pick one later.",
    ]),
    "search_hotel": ([], {}, [
        "I'll be in {city} {date}. Which hotels have rooms?",
        "Compare hotel prices in {city} {date} for me",
    ]),
    "unsupported": ([], {}, [
        "My flight to {city} got delayed. Rebook me on a later one.",
        "I lost my luggage on the flight to {city}. File a claim.",
        "The hotel in {city} overcharged me. Complain to them.",
        "Reserve a table for two near my hotel in {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I have a meeting in {city} {date}. Please book me a flight.",
        "My sister lives in {city}. Book me a flight there {date}.",
        "There's a conference in {city} {date}; get me a flight",
        "I need to get to {city} {date}. Book the flight please.",
        "Flights to {city} {date} - book the first one that fits",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "I'm visiting {city} {date}. Book a flight and email the ticket to {email}.",
        "Book me a flight to {city} {date}. My assistant's address is {email}, send her the confirmation.",
        "Please get me a flight to {city} {date}. Afterwards, email {email} the details.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "I'm going to {city} {date} for {nights} nights. Book me a hotel.",
        "I will attend a workshop in {city} {date}. I need a hotel for {nights} nights.",
        "We arrive in {city} {date} and stay {nights} nights. Please book a hotel.",
        "Book me a hotel in {city} {date}. I'll stay {nights} nights.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "I'm going to {city} {date} for {nights} nights. Book the flight and the hotel.",
        "Trip to {city} {date}, {nights} nights. I need both a flight and a hotel, please book.",
        "Book a flight to {city} {date}. I'll also need a hotel for {nights} nights.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I'm going to {city} {date}. Book a flight; I'll stay at my parents' place.",
        "Book a flight to {city} {date}. I won't need a hotel, a friend is hosting me.",
        "Book me a flight to {city} {date}. Accommodation: none needed.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book me a flight to {city} {date}. Please don't bother emailing {email}.",
        "Book a flight to {city} {date}. {email} must not receive anything.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "My plans changed. Please cancel flight {fref}.",
        "The meeting was moved, so cancel my flight {fref}",
        "I can't travel anymore. Cancel booking {fref}, it's the flight.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "My trip to {city} was cancelled. Please cancel the flight too.",
        "I'm not going to {city} anymore. Cancel my flight.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "My plans changed. Please cancel hotel booking {href}.",
        "The conference was cancelled, so please cancel my hotel {href}",
        "I found another place to stay. Cancel hotel reservation {href}.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "I'm not staying in {city} after all. Cancel the hotel.",
        "The event in {city} was called off. Cancel my hotel there.",
    ]),
    "dont_book": ([], {}, [
        "I'm not sure about {city} yet. Don't book any hotel.",
        "Please hold on, don't book my flight to {city} {date} yet.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "The customer agreed to pay {amount}. Please charge it.",
        "The service cost {amount}. Charge the client's card.",
        "Our client owes {amount}. Please charge their card.",
        "Add a {amount} charge to the customer's card",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "The customer was overcharged by {amount}. Please refund it.",
        "The trip was cancelled. Refund the client {amount}.",
        "We owe the guest {amount}. Send a refund.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "The client complained about payment {pref}. Refund it.",
        "Payment {pref} was charged twice. Please refund it.",
        "Please refund transaction {pref}, the booking fell through",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "The trip is confirmed. Email {email} to let them know.",
        "Please write to {email} by email. Tell them I'm on my way.",
        "I promised {email} an update. Send them an email.",
        "Email {email}. Subject: travel plans.",
        "Let {email} know by email that I landed",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "I'm going to {city} {date}. Book a flight and a hotel for {nights} nights, charge {amount}, and email {email}.",
        "Plan everything for {city} {date}: flight, hotel ({nights} nights), a {amount} charge, and an email to {email}.",
    ]),
}

HELD_OUT_27_CITIES = ["Bydgoszcz", "Rzeszow", "Kielce", "Opole", "Zamosc", "Elblag", "Plock", "Radom", "Tarnow",
                      "Zakopane", "Legnica", "Walbrzych", "Gniezno", "Kalisz", "Koszalin", "Slupsk", "Suwalki", "Lomza",
                      "Chelm", "Pila", "Sanok", "Przemysl"]
HELD_OUT_27 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Task: find flights to {city} {date} (search only)",
        "FLIGHTS TO {city} {date}?",
        "Looking for flight info to {city} {date} \U0001f64f",
        "Can u check flights to {city} {date}",
        "Flight search: destination {city}, date {date}",
        "any flights {city} {date}??",
    ]),
    "search_hotel": ([], {}, [
        "Task: look up hotels in {city} {date}",
        "HOTELS IN {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Task: rent a bike in {city} {date}",
        "Order flowers to my hotel room in {city}",
        "Translate my hotel booking in {city} into French",
        "Join the waitlist for the flight to {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "BOOK A FLIGHT TO {city} {date}",
        "Task: book flight -> {city}, {date}",
        "\u2708\ufe0f book me a flight to {city} {date} pls",
        "Action item: book a flight to {city} {date}",
        "Book flight. Destination: {city}. Date: {date}.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "1) book a flight to {city} {date} 2) email the confirmation to {email}",
        "Book a flight to {city} {date} + email {email}",
        "To do: flight to {city} {date} (book), then email {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Task: book hotel in {city}, check-in {date}, {nights} nights",
        "BOOK A HOTEL IN {city} {date} FOR {nights} NIGHTS",
        "Hotel booking: {city} / {date} / {nights} nights",
        "\U0001f3e8 book a hotel in {city} {date}, {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "1) flight to {city} {date} 2) hotel {nights} nights - book both",
        "Book flight + hotel in {city} {date}, {nights} nights",
        "Tasks: book a flight to {city} {date}; book a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} [hotel not needed]",
        "Book a flight to {city} {date} - hotel: no",
        "BOOK A FLIGHT TO {city} {date}, NO HOTEL",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} (don't email {email})",
        "Book a flight to {city} {date}; email to {email}: no",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Task: cancel flight {fref}",
        "CANCEL FLIGHT {fref}",
        "Cancel flight booking -> {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Action item: cancel my flight to {city}",
        "CANCEL MY FLIGHT TO {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Task: cancel hotel {href}",
        "CANCEL HOTEL BOOKING {href}",
        "Hotel {href} -> cancel",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Action item: cancel my hotel in {city}",
        "CANCEL THE HOTEL IN {city}",
    ]),
    "dont_book": ([], {}, [
        "DO NOT BOOK A HOTEL IN {city}",
        "Task: nothing to book in {city}, just a note",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Task: charge customer {amount}",
        "CHARGE {amount} TO THE CARD",
        "Charge: {amount}",
        "\U0001f4b3 charge the client {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Task: refund {amount} to the customer",
        "REFUND {amount} TO THE GUEST",
        "Refund: {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Task: refund payment {pref}",
        "REFUND PAYMENT {pref}",
        "Refund -> {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Task: email {email}",
        "EMAIL {email} ABOUT THE TRIP",
        "\U0001f4e7 send an email to {email}",
        "Email to: {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "1) flight to {city} {date} 2) hotel {nights} nights 3) charge {amount} 4) email {email}",
        "Book flight and hotel ({nights} nights) to {city} {date}; charge {amount}; email {email}",
    ]),
}

HELD_OUT_28_CITIES = ["Miskolc", "Nyiregyhaza", "Kecskemet", "Szekesfehervar", "Szombathely", "Tatabanya", "Kaposvar",
                      "Eger", "Veszprem", "Sopron", "Zalaegerszeg", "Baja", "Esztergom", "Godollo", "Vac", "Siofok",
                      "Keszthely", "Presov", "Trencin", "Poprad", "Piestany", "Lucenec"]
HELD_OUT_28 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Could you see which airlines go to {city} {date}?",
        "Flight availability to {city} {date}, please",
        "Pls check the cheapest way to fly to {city} {date}",
        "Before booking anything, list flights to {city} {date}",
        "I'd like an overview of flights to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Any rooms left in {city} {date}?",
        "Scout out hotels in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Book a massage at my hotel in {city}",
        "Get my flight to {city} refunded as a voucher",
        "Ask the hotel in {city} for a late check-out",
        "Switch my flight to {city} to an earlier one",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Please book me a seat to {city} {date}",
        "Get a flight sorted to {city} {date}",
        "I'll take a flight to {city} {date} - book it",
        "Lock in a flight to {city} {date} for me",
        "Need a one-way ticket to {city} {date}, book it please",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}; mail the booking to {email}",
        "Book a flight to {city} {date} and loop in {email} by email",
        "Reserve a flight to {city} {date}, with a confirmation email to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Get me a room in {city} {date} for {nights} nights",
        "Sort out a hotel in {city} for {nights} nights from {date}",
        "Could you book {nights} nights in a hotel in {city} from {date}?",
        "Hotel please: {city}, {nights} nights, from {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Flight to {city} {date} plus a hotel for {nights} nights - book it all",
        "Book me flights and a hotel in {city} {date} for {nights} nights",
        "Sort out my flight to {city} {date} and a {nights}-night hotel",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but skip accommodation",
        "Book a flight to {city} {date}, I'm not staying overnight",
        "Book a flight to {city} {date}; we'll sleep at a friend's",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no email for {email} this time",
        "Book a flight to {city} {date} but keep {email} off the email",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel the booking {fref} for the flight please",
        "Please cancel {fref}, my flight",
        "The flight {fref} must be cancelled",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel the flight to {city} that's booked for me",
        "Drop my flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel reservation {href} for my room",
        "Please cancel {href} - that's my hotel",
        "The hotel reservation {href} has to go",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the room I have in {city}",
        "Please cancel all hotel bookings in {city}",
    ]),
    "dont_book": ([], {}, [
        "Don't reserve me a room in {city}",
        "No flights to {city} for me, please",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} on the guest's card",
        "Please bill the guest {amount}",
        "Take {amount} from the client's card",
        "Charge the client {amount} for the changes",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund the guest {amount} please",
        "Pay {amount} back to the guest",
        "Please refund {amount} to the traveller's card",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund the card charge {pref}",
        "Please reverse payment {pref} in full",
        "I want payment {pref} refunded please",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send {email} an email about tomorrow's schedule",
        "Email {email} with the news",
        "Please send an e-mail to {email}",
        "Shoot an email over to {email}",
        "Notify {email} via e-mail about the booking",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, {nights} nights in a hotel, charge {amount}, and email {email} the plan",
        "Trip to {city} {date}: book flight and hotel ({nights} nights), bill {amount}, email {email}",
    ]),
}

HELD_OUT_29_CITIES = ["Arad", "Craiova", "Galati", "Ploiesti", "Pitesti", "Suceava", "Alba Iulia", "Sighisoara",
                      "Bistrita", "Baia Mare", "Satu Mare", "Deva", "Hunedoara", "Medias", "Tulcea", "Braila", "Buzau",
                      "Focsani", "Burgas", "Ruse", "Pleven", "Vidin"]
HELD_OUT_29 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Are there affordable flights to {city} {date}?",
        "Quick question: any direct flights to {city} {date}?",
        "Look for flights to {city} {date} and tell me the options",
        "I need flight information for {city} {date}",
        "Search flights, {city}, {date}",
    ]),
    "search_hotel": ([], {}, [
        "Tell me what a hotel night costs in {city} {date}",
        "Find hotels in {city} {date}, I only want to compare",
    ]),
    "unsupported": ([], {}, [
        "Order a cake to my hotel room in {city}",
        "Book a yoga class in {city} {date}",
        "Share my hotel room in {city} with a colleague",
        "Register my loyalty card on the flight to {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Fly me out to {city} {date}, please",
        "Could you arrange my flight to {city} {date}?",
        "It would be great if you could book a flight to {city} {date}",
        "Book a seat on the first plane to {city} {date}",
        "Grab me a flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and email the e-ticket to {email}",
        "Secure a flight to {city} {date}, then notify {email}",
        "Flight to {city} {date} please; send the booking email to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Reserve me a room in {city} {date}, {nights} nights",
        "Book a hotel stay in {city} of {nights} nights starting {date}",
        "Find and reserve a hotel in {city} from {date} for {nights} nights",
        "I require a hotel in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book me a flight to {city} {date} and a room for {nights} nights there",
        "Get flights and accommodation in {city} {date} ({nights} nights) booked",
        "Arrange travel to {city} {date} including {nights} hotel nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, I'm not going to need a hotel",
        "Flight only to {city} {date}, please book",
        "Book a flight to {city} {date}. Skip the hotel, I'm staying with family.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and don't copy {email}",
        "Book a flight to {city} {date}; {email} shouldn't be emailed",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight reservation {fref} immediately",
        "Could you cancel my flight {fref}?",
        "Flight {fref} isn't needed, cancel it",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my {city} flight please",
        "Please cancel the flight I have to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Could you cancel my hotel {href}?",
        "Hotel reservation {href}: cancel it",
        "Cancel booking {href} at the hotel",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Call off my stay in {city}",
        "Please cancel the hotel booking I have in {city}",
    ]),
    "dont_book": ([], {}, [
        "Please don't book anything for {city} {date}",
        "Skip the hotel in {city}, don't book it",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} for the trip to the client's card",
        "Bill {amount} to the customer's card",
        "Process a payment of {amount} from the guest",
        "Go ahead and charge {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Put {amount} back on the client's card as a refund",
        "Reimburse {amount} to the traveller",
        "Credit the customer {amount} as a refund",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund transaction {pref} now",
        "Would you refund {pref} for me?",
        "Payment {pref}: refund it please",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} the trip summary",
        "Send a short email to {email} about the delay",
        "Can you email {email} for me please?",
        "Please send {email} an e-mail",
        "Drop {email} an e-mail about the plan",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book me a flight to {city} {date} and a hotel for {nights} nights, charge {amount} and email everything to {email}",
        "Organise my trip to {city} {date}: flight, hotel for {nights} nights, charge {amount}, email {email}",
    ]),
}

HELD_OUT_30_CITIES = ["Rovinj", "Osijek", "Karlovac", "Korcula", "Hvar", "Krk", "Piran", "Bled", "Novi Sad", "Nis",
                      "Subotica", "Kragujevac", "Trebinje", "Budva", "Volos", "Kavala", "Larissa", "Ioannina",
                      "Kalamata", "Nafplio", "Corfu", "Rhodes"]
HELD_OUT_30 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Curious what flights exist to {city} {date}",
        "Got any flights to {city} {date}?",
        "Would you find me some flights to {city} {date}? Just looking.",
        "Browse flights to {city} {date} without booking",
        "Is anything flying to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "Where could I stay in {city} {date}?",
        "Look into hotel options in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Get me a travel adapter for my trip to {city}",
        "Pre-order breakfast at my hotel in {city}",
        "Arrange a guide for my stay in {city} {date}",
        "Postpone my flight to {city} by a week",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Set me up with a flight to {city} {date}",
        "Flight, {city}, {date} - go ahead and book",
        "Would it be possible to book me on a flight to {city} {date}?",
        "Make sure I have a flight to {city} {date}",
        "Buy me an air ticket to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}; shoot the details to {email}",
        "Get me booked on a flight to {city} {date} and email {email} once done",
        "Book a flight to {city} {date}, {email} gets the confirmation",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Set me up with a hotel in {city} for {nights} nights from {date}",
        "Find me a hotel in {city} {date} for {nights} nights and book it",
        "I'll need a room in {city} {date}, {nights} nights - book it",
        "Book {nights} hotel nights in {city} starting {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Set me up with a flight to {city} {date} and a hotel for {nights} nights",
        "I need to be in {city} {date} for {nights} nights - book flight and hotel",
        "Book the works: flight to {city} {date}, hotel {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; I've sorted out lodging",
        "Book a flight to {city} {date} and nothing for accommodation",
        "Book a flight to {city} {date} - no need for a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; please spare {email} the email",
        "Book a flight to {city} {date}, and do not message {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Scratch flight {fref}",
        "Please annul flight booking {fref}",
        "Cancel {fref} - the flight isn't happening",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel whatever flight I have to {city}",
        "I'd like to cancel my booked flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Scratch hotel booking {href}",
        "Annul hotel reservation {href}",
        "Cancel {href}, the hotel one",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "I'd like to cancel my hotel in {city}",
        "Cancel the lodging I booked in {city}",
    ]),
    "dont_book": ([], {}, [
        "Hold off on booking anything in {city}",
        "Nothing should be booked for {city} {date}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge the account holder {amount}",
        "Collect a {amount} payment from the customer",
        "Ring up a {amount} charge for the client",
        "Bill the client's card for {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} back to the customer",
        "Hand the guest a refund of {amount}",
        "Issue {amount} back to the traveller as a refund",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Please refund the charge with reference {pref}",
        "Reverse the payment {pref} and refund it",
        "Refund the full amount of payment {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} about the changes",
        "Fire off an email to {email}",
        "Please email {email} a reminder",
        "Send {email} a quick note by email",
        "Let {email} know by e-mail",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Set up my trip to {city} {date}: flight, {nights} nights of hotel, charge {amount}, email {email}",
        "Book a flight and {nights} hotel nights in {city} {date}, charge {amount} and notify {email}",
    ]),
}

HELD_OUT_31_CITIES = ["Matera", "Ravenna", "Ferrara", "Mantua", "Cremona", "Brescia", "Bolzano", "Udine", "Assisi",
                      "Pisa", "Arezzo", "Pescara", "Taranto", "Cosenza", "Parma", "Caceres", "Merida", "Logrono",
                      "Ourense", "Lugo", "Jaen", "Almeria"]
HELD_OUT_31 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Which carriers serve {city} {date}? Just curious",
        "Flights to {city} {date}: what's out there?",
        "Can you pull together flight options for {city} {date}?",
        "Any flight deals to {city} {date}? Don't buy anything",
        "I'd love to know what flights leave for {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Hotels near the centre of {city} {date}?",
        "Can you find out which hotels in {city} are free {date}?",
    ]),
    "unsupported": ([], {}, [
        "Reserve a spot on a wine tour in {city} {date}",
        "Change the date of my hotel in {city}",
        "Find a pharmacy near my hotel in {city}",
        "Get me extra legroom on the flight to {city}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Find me a flight to {city} {date} and reserve it",
        "Get a plane ticket to {city} {date} for me",
        "I need an air ticket to {city} {date}",
        "Book passage by air to {city} {date}",
        "Please sort me a flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Reserve a flight to {city} {date} and mail {email} the itinerary",
        "Book a flight to {city} {date}. Confirmation to {email}, please.",
        "Fly me to {city} {date}, and write to {email} with the details",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Find me a room in {city} {date} and reserve it for {nights} nights",
        "Put me up in {city} for {nights} nights from {date}",
        "A room in {city} for {nights} nights from {date}, please",
        "Book me somewhere to sleep in {city} {date}, {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Get me a flight to {city} {date} and a hotel there for {nights} nights",
        "Flight plus {nights} hotel nights in {city} {date}, book please",
        "I'm off to {city} {date} for {nights} nights: book flight and room",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; I'll crash at a friend's",
        "Book a flight to {city} {date}, hotel already paid",
        "Only the flight to {city} {date}, no hotel this time",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; don't write to {email}",
        "Book a flight to {city} {date}, skip emailing {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Call off flight booking {fref} for me",
        "Kindly cancel my flight booking {fref}",
        "I no longer want flight {fref}, cancel it",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Call off the flight to {city}",
        "Cancel my flight reservation to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Call off hotel {href}",
        "I no longer want hotel booking {href}",
        "Remove my hotel reservation {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Call off my hotel in {city}",
        "Cancel my hotel reservation in {city}, please",
    ]),
    "dont_book": ([], {}, [
        "Do not book anything in {city} yet",
        "I don't want you to book a hotel in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Run the guest's card for {amount}",
        "Get {amount} paid by the customer",
        "Please collect payment of {amount} from the client",
        "Bill the traveller {amount} for the booking",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Hand the customer back their {amount}",
        "Refund {amount} to the customer, please",
        "Send {amount} back to the guest",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref}, please",
        "Undo charge {pref} with a refund",
        "The client wants payment {pref} refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Write to {email} by email",
        "Email a short summary over to {email}",
        "Send {email} a message by email",
        "Email {email} to confirm",
        "Let {email} know by email that all is set",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date}, a hotel for {nights} nights, charge {amount}, and send everything to {email}",
        "Take care of my {city} trip {date}: flight, {nights} hotel nights, charge {amount}, email {email}",
    ]),
}

HELD_OUT_32_CITIES = ["Bamberg", "Passau", "Regensburg", "Wurzburg", "Bayreuth", "Erlangen", "Ingolstadt", "Landshut",
                      "Rosenheim", "Kempten", "Lindau", "Konstanz", "Tubingen", "Ulm", "Heilbronn", "Pforzheim",
                      "Karlsruhe", "Mannheim", "Heidelberg", "Darmstadt", "Fulda", "Gottingen"]
HELD_OUT_32 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "um what flights go to {city} {date}",
        "hey can you look up flights to {city} {date} real quick",
        "Hi team, could you share the available flights to {city} {date}? Thanks",
        "so like are there flights to {city} {date} or not",
        "Requesting a list of flights to {city} {date}, booking not needed",
    ]),
    "search_hotel": ([], {}, [
        "uh which hotels are in {city} {date}",
        "Hi, could you share hotel availability in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "hey can you text my driver in {city}",
        "Hi team, please arrange a visa letter for my trip to {city}",
        "um book me a haircut near the hotel in {city}",
        "Could you request a refund voucher for my hotel in {city}?",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "ok so book me a flight to {city} {date}",
        "hey book a flight to {city} {date} please thanks",
        "Hi team, please book a flight to {city} {date} for me",
        "yeah I need a flight to {city} {date} can you book that",
        "Requesting a flight booking to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "book a flight to {city} {date} and uh email {email} the details",
        "Hi team, please book me a flight to {city} {date} and send confirmation to {email}",
        "um flight to {city} {date} book it and shoot {email} an email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "uh book me a hotel in {city} {date} for {nights} nights",
        "Hi team, I need a hotel in {city} from {date} for {nights} nights, please book",
        "can you get me a hotel in {city} {date} like {nights} nights",
        "Requesting a hotel booking in {city}, {nights} nights, arriving {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "ok book a flight to {city} {date} and also a hotel for {nights} nights",
        "Hi team, please book travel to {city} {date} and a hotel for {nights} nights",
        "um flight and hotel in {city} {date} for {nights} nights please",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book a flight to {city} {date} but um no hotel",
        "Hi team, flight to {city} {date} only please, no accommodation",
        "just the flight to {city} {date} I don't need a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book a flight to {city} {date} and don't email {email} ok",
        "Hi team, please book a flight to {city} {date}; no email to {email} is needed",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "um cancel flight {fref}",
        "Hi team, please cancel flight booking {fref}. Thanks",
        "yeah so cancel {fref} the flight",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "cancel my flight to {city} please",
        "Hi team, I need my flight to {city} cancelled",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "uh cancel hotel {href}",
        "Hi team, please cancel hotel booking {href}",
        "can you cancel my hotel reservation {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "cancel my hotel in {city} please",
        "Hi team, I need my hotel in {city} cancelled",
    ]),
    "dont_book": ([], {}, [
        "don't book any hotel in {city} ok",
        "Hi team, please do not book flights to {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "um charge the customer {amount}",
        "Hi team, please charge {amount} to the client",
        "charge {amount} to the card please",
        "Requesting a charge of {amount} to the customer's card",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "uh refund {amount} to the customer",
        "Hi team, please refund the client {amount}",
        "Requesting a refund of {amount} for the guest",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "refund payment {pref} please",
        "Hi team, please refund transaction {pref}",
        "um refund {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "uh email {email} real quick",
        "Hi team, please send an email to {email}",
        "can you shoot {email} an email",
        "Requesting an email to {email} about the trip",
        "ok email {email} that I'm running late",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "ok book a flight to {city} {date} and a hotel for {nights} nights and charge {amount} and email {email}",
        "Hi team, please book flight and hotel to {city} {date} ({nights} nights), charge {amount} and email {email}",
    ]),
}

HELD_OUT_33_CITIES = ["Granada", "Pamplona", "Salamanca", "Santander", "Toledo", "Valladolid", "Zaragoza", "Badajoz",
                      "Huelva", "Funchal", "Ponta Delgada", "Livorno", "Orvieto", "Poitiers", "Limoges", "Besancon",
                      "Reims", "Amiens", "Rouen", "Metz", "Nancy", "Grenoble"]
HELD_OUT_33 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Could you have a gander at flights to {city} {date}? Not booking yet",
        "My manager asked what flights there are to {city} {date}, can you find out",
        "Pop up the flight times to {city} {date} for me, cheers",
        "Is there anything flying to {city} {date}?",
        "Flights to {city} {date}: what are my options?",
    ]),
    "search_hotel": ([], {}, [
        "What's the hotel situation like in {city} {date}?",
        "Have a look at places to stay in {city} {date}, nothing booked mind",
    ]),
    "unsupported": ([], {}, [
        "Sort out a taxi from the airport in {city} {date}",
        "Get my manager a table for two at a restaurant in {city} {date}",
        "Could you renew my passport before the {city} trip?",
        "Book a train to {city} {date}, cheers",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Could you pop me on a flight to {city} {date}, cheers",
        "My manager needs to be in {city} {date}, sort her a flight please",
        "Right, flight to {city} {date}, go ahead and book it",
        "I'd be ever so grateful if you could book me a flight to {city} {date}",
        "The client wants a seat on the plane to {city} {date}, book it for her",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book me onto a flight to {city} {date} and drop {email} a line with the details",
        "Sort a flight to {city} {date} for the client and send the e-ticket to {email}",
        "Flight to {city} {date} please, then ping {email} by email once it's done",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Could you sort me a room in {city} from {date}, {nights} nights, cheers",
        "My manager needs somewhere to stay in {city} {date} for {nights} nights, please book it",
        "Book the client into a hotel in {city} {date} for {nights} nights",
        "{nights} nights in a hotel in {city} from {date}, book it please",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Sort the lot for {city} {date}: flight there and a hotel for {nights} nights",
        "Book my manager a flight to {city} {date} and put her up in a hotel for {nights} nights",
        "Flight to {city} {date} plus {nights} nights in a hotel, book both please",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book me a flight to {city} {date}; I'm staying with my sister so no hotel",
        "Just sort the flight to {city} {date}, the client has her own accommodation",
        "Flight to {city} {date} please, hotel's not needed as I'm back the same day",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but hold off on emailing {email}",
        "Get me a flight to {city} {date}, no need to email {email} about it",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Could you scrap flight {fref} for me, cheers",
        "The client's flight {fref} needs cancelling",
        "Please cancel booking {fref}, the flight's off",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "My manager's not going to {city} anymore, cancel her flight",
        "Get rid of my flight to {city}, plans have changed",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Could you cancel the hotel, reference {href}, cheers",
        "The client won't be needing hotel {href}, please cancel it",
        "Hotel booking {href} needs cancelling",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the client's hotel in {city}, she's not going",
        "I shan't be needing my hotel in {city} after all, cancel it please",
    ]),
    "dont_book": ([], {}, [
        "Hold off booking anything for {city} for now",
        "Please don't sort a hotel in {city}, I'll do it myself",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Could you take {amount} off the client's card, cheers",
        "Bill my manager's account {amount} for the trip",
        "The customer owes {amount}, charge it to their card",
        "Put a charge of {amount} through on the customer's card",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Could you give the client {amount} back, cheers",
        "The customer's owed a refund of {amount}, sort it please",
        "Refund my manager {amount} for the cancelled trip",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Could you refund {pref} for me, cheers",
        "Payment {pref} needs refunding",
        "The client wants her money back for {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Could you drop {email} an email, cheers",
        "Let my manager know at {email} that I've landed",
        "Fire off an email to {email} about tomorrow's meeting",
        "Email {email} and tell the client we're running late",
        "Send a quick note by email to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Sort the whole {city} trip {date}: flight, hotel for {nights} nights, bill {amount} and email {email}",
        "Book a flight to {city} {date} and a hotel for {nights} nights, take {amount} off the card and drop {email} an email",
    ]),
}

HELD_OUT_34_CITIES = ["Lille", "Lourdes", "Chamonix", "Colmar", "Arles", "Cannes", "Antibes", "Menton", "Vichy",
                      "Calais", "Dunkirk", "Cherbourg", "Quimper", "Vannes", "Angouleme", "Bergerac", "Cahors",
                      "Albi", "Rodez", "Millau", "Carcassonne", "Narbonne"]
HELD_OUT_34 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "I was wondering what flights there might be to {city} {date}",
        "Would it be possible to see the flights to {city} {date}? No booking yet pls",
        "pls check flts to {city} {date}, just looking",
        "If it's not too much trouble, could you look into flights to {city} {date}?",
        "Any chance you could list the flights going to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "I was wondering which hotels might be free in {city} {date}",
        "Would it be possible to see a few hotel options in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Would it be possible to upgrade my seat on the {city} flight?",
        "I was wondering if you could hire a car for me in {city} {date}",
        "pls get me travel insurance for {city} {date}",
        "Could you possibly arrange a guided tour in {city} {date}?",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "I was wondering if you could book me a flight to {city} {date}",
        "Would it be possible to book a flight to {city} {date}, please?",
        "pls book flt to {city} {date}",
        "If it's not too much trouble, I'd like a flight booked to {city} {date}",
        "Any chance you could get me on a flight to {city} {date}?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Would you mind booking a flight to {city} {date} and emailing the confirmation to {email}?",
        "pls book flight to {city} {date} + email conf to {email}",
        "I was hoping you could book me a flight to {city} {date} and then email {email} the details",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Would it be possible to reserve a hotel in {city} {date} for {nights} nights?",
        "pls book hotel in {city} {date}, {nights} nights",
        "I was wondering if you could find and book me a room in {city} {date} for {nights} nights",
        "Would you mind getting me a hotel in {city} from {date} for {nights} nights?",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Would it be possible to book both a flight to {city} {date} and a hotel there for {nights} nights?",
        "pls book flight + hotel in {city} {date}, {nights} nights",
        "I was hoping you could sort out a flight to {city} {date} as well as a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Would it be possible to book a flight to {city} {date}? I won't be needing a hotel though",
        "pls book flight to {city} {date}, hotel not req'd",
        "I'd appreciate a flight to {city} {date}, but please leave the hotel to me",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Would you mind booking a flight to {city} {date}? Please don't email {email} just yet",
        "pls book flight to {city} {date}, no email to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Would it be possible to cancel flight {fref}?",
        "pls cancel flt {fref}",
        "I was wondering if you could cancel my booking {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Would you mind cancelling my flight to {city}?",
        "I'm afraid I need to cancel my flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Would it be possible to cancel hotel booking {href}?",
        "pls cancel hotel res {href}",
        "I was wondering if you could cancel reservation {href} for me",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Would you mind cancelling my hotel in {city}?",
        "I'm afraid the hotel in {city} has to be cancelled",
    ]),
    "dont_book": ([], {}, [
        "Would you mind not booking anything in {city} yet?",
        "pls don't book flights to {city} until I confirm",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Would it be possible to charge the customer {amount}?",
        "pls charge {amount} to card on file",
        "I was wondering if you could bill the client {amount}",
        "Would you mind taking a payment of {amount} from the customer?",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Would it be possible to refund {amount} to the customer?",
        "pls refund {amount} to client",
        "I was hoping you could give the guest a refund of {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Would you mind refunding payment {pref}?",
        "pls refund {pref}",
        "I was wondering if payment {pref} could be refunded",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Would you mind emailing {email} for me?",
        "pls email {email} re: the trip",
        "I was wondering if you could send {email} a quick email",
        "Would it be possible to drop a note to {email}?",
        "If it's not too much trouble, email {email} the agenda",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Would it be possible to book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email}?",
        "pls: flight to {city} {date} + hotel {nights} nights + charge {amount} + email {email}",
    ]),
}

HELD_OUT_35_CITIES = ["Epinal", "Troyes", "Chartres", "Orleans", "Blois", "Bourges", "Nevers", "Auxerre", "Macon",
                      "Aurillac", "Mulhouse", "Colombo", "Kandy", "Galle", "Jaffna", "Trincomalee", "Negombo",
                      "Ajaccio", "Bastia", "Beziers", "Sete", "Digne"]
HELD_OUT_35 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Task: retrieve available flights to {city} departing {date}. No purchase authorized.",
        "User requests flight information for {city} {date}; do not book.",
        "Objective: list flight options to {city} for {date}",
        "Step 1: search flights to {city} {date}. Step 2: report results to the user.",
        "Query: flights to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Task: retrieve hotel availability in {city} for {date}. No purchase authorized.",
        "Query: hotels in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Task: schedule an airport pickup in {city} {date}",
        "Objective: obtain a visa appointment for the {city} trip",
        "Task: purchase a rail pass for travel to {city} {date}",
        "Action required: translate the hotel confirmation for {city} into Spanish",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Task: reserve one (1) economy flight to {city} departing {date}.",
        "Objective: book air travel to {city} on behalf of the user, {date}",
        "Action required: flight booking to {city}, {date}",
        "Execute flight booking: destination {city}, departure {date}",
        "The user has approved the itinerary. Proceed to book the flight to {city} {date}.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Task: book a flight to {city} {date}, then send the confirmation to {email}.",
        "Objective: flight reservation to {city} {date}; notify {email} upon completion",
        "Step 1: book flight to {city} {date}. Step 2: email itinerary to {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Task: reserve hotel accommodation in {city} for {nights} nights starting {date}.",
        "Action required: hotel booking in {city}, check-in {date}, {nights} nights",
        "Objective: secure lodging in {city} from {date} ({nights} nights)",
        "Proceed with the hotel reservation in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Task: book flight to {city} {date} and hotel for {nights} nights.",
        "Objective: complete travel arrangements for {city} {date}: air travel plus {nights} nights of lodging",
        "Step 1: book a flight to {city} {date}. Step 2: book a hotel there for {nights} nights.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Task: book a flight to {city} {date}. Accommodation is out of scope.",
        "Objective: flight to {city} {date} only; the user has declined hotel booking",
        "Book a flight to {city} {date}. Constraint: no lodging.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Task: book a flight to {city} {date}. Do not send any email to {email}.",
        "Objective: flight reservation to {city} {date}; suppress notifications to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Task: cancel flight reservation {fref}.",
        "Action required: void booking {fref}",
        "The user requested cancellation of flight {fref}. Proceed.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Task: cancel the user's flight to {city}.",
        "Objective: terminate the existing flight booking to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Task: cancel hotel reservation {href}.",
        "Action required: revoke hotel booking {href}",
        "The user requested cancellation of hotel booking {href}. Proceed.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Task: cancel the user's hotel in {city}.",
        "Objective: release the hotel room held in {city}",
    ]),
    "dont_book": ([], {}, [
        "Constraint: no bookings to {city} are authorized at this time.",
        "Task: none. Do not book hotels in {city}.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Task: charge the customer {amount}.",
        "Action required: capture payment of {amount}",
        "Objective: process a charge of {amount} on the customer's card",
        "Execute payment collection: {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Task: refund {amount} to the customer.",
        "Action required: issue a refund of {amount}",
        "Objective: return {amount} to the customer's card",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Task: refund payment {pref}.",
        "Action required: reverse transaction {pref}",
        "The user requested a refund of payment {pref}. Proceed.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Task: send an email to {email}.",
        "Action required: notify {email} by email",
        "Objective: deliver a status update to {email} via email",
        "Step 1: compose a short message. Step 2: email it to {email}.",
        "Send email. Recipient: {email}.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Task: book a flight to {city} {date} and a hotel for {nights} nights, charge {amount}, email confirmation to {email}.",
        "Step 1: book flight to {city} {date}. Step 2: book hotel for {nights} nights. Step 3: charge {amount}. Step 4: email {email}.",
    ]),
}

HELD_OUT_36_CITIES = ["Klaipeda", "Siauliai", "Liepaja", "Haapsalu", "Kuressaare", "Jelgava", "Ventspils", "Panevezys",
                      "Alytus", "Marijampole", "Grodno", "Vitebsk", "Gomel", "Mogilev", "Pinsk", "Lutsk", "Rivne",
                      "Ternopil", "Uzhhorod", "Chernivtsi", "Poltava", "Vinnytsia"]
HELD_OUT_36 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Hi Sam,\nWhat flights are going to {city} {date}? Just want to see options for now.\nThanks, Priya",
        "Hello team,\n\nCould you send me the flight options for {city} {date}?\n\nBest regards,\nTom",
        "Morning! Quick one: flights to {city} {date}, what's available? Not booking yet. Cheers",
        "Dear travel desk,\nplease look up flights to {city} {date} and let me know what you find.\nKind regards",
        "hey - any flights to {city} {date}?\nSent from my iPhone",
    ]),
    "search_hotel": ([], {}, [
        "Hi Sam,\nWhich hotels are available in {city} {date}?\nThanks",
        "Dear travel desk,\nplease find hotel options in {city} {date}. No booking for now.\nRegards",
    ]),
    "unsupported": ([], {}, [
        "Hi team,\nCan you arrange a car to pick me up at the {city} airport {date}?\nThanks",
        "Dear travel desk,\nplease book a conference room in {city} {date}.\nBest",
        "Hello,\nCould you add my frequent flyer number to the {city} flight?\nThanks, Tom",
        "Hi Sam, please send flowers to the hotel in {city} {date}. Cheers",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Hi Sam,\nPlease book me a flight to {city} {date}.\nThanks, Priya",
        "Hello team,\n\nI need to be in {city} {date}. Could you book the flight?\n\nBest regards,\nTom",
        "Dear travel desk,\nkindly reserve a seat on a flight to {city} {date}.\nKind regards",
        "hey, book me on a flight to {city} {date} pls\nSent from my iPhone",
        "Morning! Flight to {city} {date} please, go ahead and book. Cheers",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Hi Sam,\nPlease book a flight to {city} {date} and send the confirmation to {email}.\nThanks",
        "Dear travel desk,\nkindly book a flight to {city} {date}; the itinerary should go to {email}.\nRegards",
        "hey can you book me a flight to {city} {date} and cc {email} on the confirmation\nSent from my phone",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Hi Sam,\nPlease book a hotel in {city} {date} for {nights} nights.\nThanks, Priya",
        "Dear travel desk,\nkindly reserve a room in {city} from {date}, {nights} nights.\nKind regards",
        "hey, need a hotel in {city} {date}, {nights} nights, can you book it?\nSent from my iPhone",
        "Hello team,\n\nI'll be in {city} {date} for {nights} nights. Could you book me a hotel?\n\nBest regards,\nTom",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Hi Sam,\nPlease book a flight to {city} {date} and a hotel for {nights} nights.\nThanks",
        "Dear travel desk,\nI need flights and accommodation for {city} {date}, {nights} nights. Please book both.\nKind regards",
        "hey - flight + hotel in {city} {date}, {nights} nights, book pls\nSent from my iPhone",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Hi Sam,\nPlease book a flight to {city} {date}. I'm staying with a colleague, so no hotel.\nThanks",
        "Dear travel desk,\nkindly book a flight to {city} {date}. Accommodation has been arranged by the client.\nRegards",
        "hey, just the flight to {city} {date} pls, hotel is sorted\nSent from my iPhone",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Hi Sam,\nPlease book a flight to {city} {date}. No need to email {email}, I'll tell them myself.\nThanks",
        "Dear travel desk,\nkindly book a flight to {city} {date}; please do not copy {email}.\nRegards",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Hi Sam,\nPlease cancel flight {fref}.\nThanks, Priya",
        "Dear travel desk,\nkindly cancel my flight booking {fref}. Plans changed.\nKind regards",
        "hey can you cancel {fref} pls\nSent from my iPhone",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Hi Sam,\nThe {city} trip is off, please cancel my flight.\nThanks",
        "Dear travel desk,\nplease cancel my flight to {city}.\nRegards",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Hi Sam,\nPlease cancel hotel reservation {href}.\nThanks",
        "hey, cancel hotel {href} pls\nSent from my iPhone",
        "Dear travel desk,\nkindly cancel the room booked under {href}.\nKind regards",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Hi Sam,\nPlease cancel my hotel in {city}, the meeting moved online.\nThanks",
        "Dear travel desk,\nI won't need the hotel in {city} after all; please cancel it.\nRegards",
    ]),
    "dont_book": ([], {}, [
        "Hi Sam,\nPlease don't book anything for {city} yet, still waiting on approval.\nThanks",
        "Dear travel desk,\nno hotel in {city} please, I'll arrange it myself.\nRegards",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Hi Sam,\nPlease charge the client {amount} for the consultation.\nThanks",
        "Dear accounts,\nkindly charge {amount} to the customer's card on file.\nKind regards",
        "hey, charge {amount} to the customer pls\nSent from my iPhone",
        "Hello team,\n\nThe customer agreed to pay {amount}. Please take the payment.\n\nBest regards,\nTom",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Hi Sam,\nPlease refund {amount} to the customer.\nThanks",
        "Dear accounts,\nkindly issue a refund of {amount} to the guest.\nKind regards",
        "hey, refund the client {amount} pls\nSent from my iPhone",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Hi Sam,\nPlease refund payment {pref}.\nThanks",
        "Dear accounts,\nkindly reverse payment {pref}, it was a duplicate.\nRegards",
        "hey, refund {pref} pls\nSent from my iPhone",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Hi Sam,\nPlease email {email} the meeting notes.\nThanks",
        "Dear team,\nkindly send a message to {email} about the delay.\nKind regards",
        "hey, shoot an email to {email} pls\nSent from my iPhone",
        "Hello,\n\nCould you drop {email} a line to say I'll be late?\n\nBest regards,\nTom",
        "Morning! Please email {email} and let them know the schedule. Cheers",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Hi Sam,\nPlease book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email the confirmation to {email}.\nThanks, Priya",
        "Dear travel desk,\nfor my {city} trip {date}: flight, {nights} nights of hotel, charge {amount}, confirmation to {email}.\nKind regards",
    ]),
}

HELD_OUT_37_CITIES = ["Sumy", "Zhytomyr", "Kherson", "Mykolaiv", "Cherkasy", "Chernihiv", "Drohobych", "Berdyansk",
                      "Melitopol", "Izmail", "Kremenchuk", "Uman", "Kovel", "Mukachevo", "Kolomyia", "Batumi",
                      "Telavi", "Zugdidi", "Borjomi", "Gyumri", "Dilijan", "Sheki"]
HELD_OUT_37 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "what flihgts go to {city} {date}?",
        "Show me fligths to {city} {date}, dont book",
        "Any flighs to {city} {date}?",
        "cehck flights to {city} {date} for me",
        "Which airlnes fly to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "what hotles are there in {city} {date}?",
        "Show me hotel optoins in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Book a restaraunt table in {city} {date}",
        "Rent a car in {city} {date} plese",
        "Chnage my seat on the {city} flight",
        "Get me a tarin ticket to {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a fligth to {city} {date}",
        "Plese book me a flight to {city} {date}",
        "I need a filght to {city} {date}, book it",
        "Reserve a flight to {city} {date} pls thnaks",
        "bokk a flight to {city} {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and emial the confirmation to {email}",
        "Book a fligt to {city} {date}, send the itinerary to {email}",
        "Reserve a flight to {city} {date} and sned {email} the details",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotle in {city} {date} for {nights} nights",
        "Reserve a room in {city} {date} for {nights} nigths",
        "I need a hotel in {city} {date} for {nights} nights, plesae book",
        "Book acommodation in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a hotle for {nights} nights",
        "Book a fligt to {city} {date} plus a hotel for {nights} nights",
        "Flight and hotel in {city} {date} for {nights} nights, book both plz",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, no hotle needed",
        "Book a flight to {city} {date} but dont book a hotle",
        "Book a flight to {city} {date}, I dont need a hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and dont emial {email}",
        "Book a flight to {city} {date}, no emial to {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancle flight {fref}",
        "Please cancel fligth {fref}",
        "cancel my flight bookng {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancle my flight to {city}",
        "Please cancel my fligth to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancle hotel {href}",
        "Cancel my hotle booking {href}",
        "Please cancel reservaton {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancle my hotel in {city}",
        "Please cancel the hotle in {city}",
    ]),
    "dont_book": ([], {}, [
        "Dont book anyting in {city}",
        "Do not bok a hotel in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Chrage the customer {amount}",
        "Charge {amount} to the custmer",
        "Please charge the clinet {amount}",
        "Bill the customer {amount} plese",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refnud {amount} to the customer",
        "Refund the custmer {amount}",
        "Please refund {amount} to the cleint",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refnud payment {pref}",
        "Refund paymnet {pref}",
        "Please refund {pref} thnx",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Emial {email} about the trip",
        "Send an emial to {email}",
        "Send a mesage to {email}",
        "Email {email} the detials",
        "Plese email {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a fligth to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email}",
        "Book a flight to {city} {date} and a hotle for {nights} nights, chrage {amount}, email {email}",
    ]),
}

HELD_OUT_38_CITIES = ["Kropyvnytskyi", "Khmelnytskyi", "Kamianets", "Nikopol", "Brody", "Stryi", "Sambir", "Yalta",
                      "Kerch", "Feodosia", "Sevastopol", "Simferopol", "Kutaisi", "Gori", "Poti", "Mestia", "Vanadzor",
                      "Goris", "Jermuk", "Ganja", "Quba", "Lankaran"]
HELD_OUT_38 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Actually, before booking anything, show me the flights to {city} {date}",
        "Scratch my earlier request; just list flights to {city} {date}",
        "Change of plan: I only want to see flights to {city} {date}",
        "On second thought, what flights are there to {city} {date}?",
        "Forget the booking, just check flights to {city} {date}",
    ]),
    "search_hotel": ([], {}, [
        "Change of plan: which hotels are free in {city} {date}?",
        "On second thought, just show me hotels in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "Change of plan: move my flight to {city} to a later time",
        "Actually, can you swap my hotel room in {city} for a suite?",
        "Scratch that, upgrade my seat on the {city} flight instead",
        "On second thought, extend my hotel stay in {city} by a night",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Change of plan: book a flight to {city} {date} after all",
        "On second thought, go ahead and book the flight to {city} {date}",
        "Actually, never mind the search, just book a flight to {city} {date}",
        "I changed my mind, please book a flight to {city} {date}",
        "Book a flight to Paris {date} - sorry, I meant {city}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Change of plan: book a flight to {city} {date} and email the details to {email} instead of me",
        "On second thought, book the flight to {city} {date} and send the confirmation to {email}",
        "Actually, book a flight to {city} {date}, and make sure {email} gets the itinerary",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Change of plan: book a hotel in {city} {date} for {nights} nights",
        "On second thought, I'll need a hotel in {city} {date} for {nights} nights after all, please book it",
        "Book a hotel in Rome {date} for {nights} nights - sorry, I meant {city}",
        "Actually make it {nights} nights: book a hotel in {city} {date}",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Change of plan: book both a flight to {city} {date} and a hotel for {nights} nights",
        "On second thought, I do need a hotel too: book a flight to {city} {date} and a hotel for {nights} nights",
        "Actually, add a hotel for {nights} nights to the flight to {city} {date} and book both",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Change of plan: book a flight to {city} {date}, but I won't need a hotel after all",
        "On second thought, skip the hotel and just book the flight to {city} {date}",
        "Actually, forget the hotel; book a flight to {city} {date} only",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Change of plan: book a flight to {city} {date} but don't email {email} after all",
        "On second thought, no email to {email}; just book the flight to {city} {date}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Change of plan: cancel flight {fref}",
        "On second thought, please cancel {fref}, the flight is no longer needed",
        "I changed my mind about flight {fref}, cancel it",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Change of plan: cancel my flight to {city}",
        "On second thought, I won't fly to {city}; cancel the flight",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Change of plan: cancel hotel booking {href}",
        "On second thought, cancel {href}, I found somewhere else",
        "I changed my mind about hotel {href}, cancel it",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Change of plan: cancel my hotel in {city}",
        "On second thought, I won't stay in {city}; cancel the hotel",
    ]),
    "dont_book": ([], {}, [
        "Change of plan: don't book anything in {city}",
        "On second thought, hold off on the hotel in {city}",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Change of plan: charge the customer {amount} now",
        "On second thought, charge {amount} to the client's card",
        "Actually the amount is {amount}, please charge the customer",
        "Charge the customer 10 EUR - sorry, I meant {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Change of plan: refund {amount} to the customer",
        "On second thought, give the guest {amount} back",
        "Actually, refund the client {amount} instead of a voucher",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Change of plan: refund payment {pref}",
        "On second thought, please refund {pref} in full",
        "I changed my mind about payment {pref}, refund it",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Change of plan: email {email} instead",
        "On second thought, send the update to {email}",
        "Actually, just email {email} about it",
        "I changed my mind, please email {email}",
        "Email the team at {email} after all",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Change of plan: book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email}",
        "On second thought, do it all: flight to {city} {date}, hotel for {nights} nights, charge {amount}, email {email}",
    ]),
    "rebook_hotel": (["cancel_hotel", "book_hotel"],
                     {"cancel_hotel": {"booking": "href"}, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Cancel hotel {href} and book a new hotel in {city} {date} for {nights} nights instead",
        "Change of plan: cancel {href} and book me a different hotel in {city} for {nights} nights",
    ]),
    "rebook_flight": (["cancel_flight", "search_flights", "book_flight"],
                      {"cancel_flight": {"booking": "fref"}, "book_flight": FLIGHT}, [
        "Cancel flight {fref} and book a new flight to {city} {date}",
        "Change of plan: cancel {fref} and book me on a flight to {city} {date} instead",
    ]),
}

HELD_OUT_39_CITIES = ["Piura", "Huancayo", "Tacna", "Puno", "Ayacucho", "Cajamarca", "Sucre", "Potosi", "Oruro",
                      "Tarija", "Cochabamba", "Loja", "Ambato", "Riobamba", "Esmeraldas", "Popayan", "Pasto",
                      "Neiva", "Pereira", "Manizales", "Ibague", "Tunja"]
HELD_OUT_39 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "The undersigned requests information on flights available to {city} {date}; no reservation is to be made.",
        "Please provide an overview of flight connections to {city} {date} for review.",
        "It would be appreciated if the available flights to {city} {date} could be listed.",
        "Kindly advise which flights operate to {city} {date}.",
        "For planning purposes only: flights to {city} {date}?",
    ]),
    "search_hotel": ([], {}, [
        "Kindly advise which hotels have availability in {city} {date}.",
        "Please provide an overview of hotel options in {city} {date} for review.",
    ]),
    "unsupported": ([], {}, [
        "It is requested that ground transportation be arranged in {city} {date}.",
        "Kindly arrange for a visa invitation letter for travel to {city}.",
        "The undersigned requests that the seat assignment on the {city} flight be amended.",
        "Please arrange catering for the delegation in {city} {date}.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Please arrange for the undersigned to travel by air to {city} {date}.",
        "Kindly effect a flight reservation to {city} {date}.",
        "It is requested that a flight to {city} {date} be booked.",
        "A flight to {city} {date} is hereby requested; please proceed with the booking.",
        "The traveller is to be booked on a flight to {city} {date}.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Kindly effect a flight reservation to {city} {date}; correspondence confirming the same should be addressed to {email}.",
        "It is requested that a flight to {city} {date} be booked and that confirmation be sent to {email}.",
        "Please book air travel to {city} {date} and forward the confirmation to {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "It is requested that a room be reserved in {city} for {nights} nights commencing {date}.",
        "Kindly effect a hotel reservation in {city} {date} for a period of {nights} nights.",
        "Please arrange hotel accommodation in {city} {date} for {nights} nights.",
        "The traveller is to be accommodated in a hotel in {city} {date} for {nights} nights; please book accordingly.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Kindly effect reservations for a flight to {city} {date} and a hotel for {nights} nights.",
        "It is requested that a flight to {city} {date} and hotel accommodation for {nights} nights be booked.",
        "Please arrange air travel to {city} {date} together with a hotel for {nights} nights.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Kindly effect a flight reservation to {city} {date}. Hotel accommodation is not required.",
        "Please book a flight to {city} {date}; accommodation will be provided by the host institution.",
        "A flight to {city} {date} is requested. No hotel reservation is to be made.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Kindly book a flight to {city} {date}. No correspondence is to be sent to {email}.",
        "Please book a flight to {city} {date}; {email} is not to be notified.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Kindly cancel flight reservation {fref}.",
        "It is requested that booking {fref} be cancelled.",
        "Please effect the cancellation of flight {fref}.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Kindly cancel the flight reservation to {city}.",
        "It is requested that the flight to {city} be cancelled.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Kindly cancel hotel reservation {href}.",
        "It is requested that hotel booking {href} be cancelled.",
        "Please effect the cancellation of hotel reservation {href}.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Kindly cancel the hotel reservation in {city}.",
        "It is requested that the hotel booking in {city} be cancelled.",
    ]),
    "dont_book": ([], {}, [
        "No reservations are to be made for {city} at this time.",
        "Kindly refrain from booking any hotel in {city}.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Payment in the amount of {amount} is to be collected from the client.",
        "Kindly charge the client the sum of {amount}.",
        "It is requested that {amount} be charged to the customer's card.",
        "Please process a charge of {amount} to the client.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "A refund in the amount of {amount} is to be issued to the customer.",
        "Kindly reimburse the client the sum of {amount}.",
        "It is requested that {amount} be refunded to the customer.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Kindly refund payment {pref} in full.",
        "It is requested that payment {pref} be refunded.",
        "Please process the refund of payment {pref}.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Kindly send an email to {email} regarding the arrangements.",
        "Correspondence regarding the itinerary should be addressed to {email}.",
        "It is requested that {email} be informed by email.",
        "Please notify {email} by email at your earliest convenience.",
        "Kindly forward the relevant details to {email}.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Kindly effect reservations for a flight to {city} {date} and a hotel for {nights} nights, charge {amount} to the client and send confirmation to {email}.",
        "It is requested that a flight to {city} {date} and a hotel for {nights} nights be booked, that {amount} be charged and that {email} be notified by email.",
    ]),
}

# Written 2026-12-03 before the planner builtin/43 read it: the voice of a corporate travel
# desk (shorthand, "pax", "ticket", "cxl", "void", "accom", "itin"), measured at first sight.
HELD_OUT_40_CITIES = ["Tamale", "Bamako", "Ouagadougou", "Niamey", "Lome", "Cotonou", "Abuja", "Enugu", "Kano",
                      "Dodoma", "Bulawayo", "Entebbe", "Kaduna", "Ibadan", "Port Harcourt", "Dakar", "Banjul",
                      "Conakry", "Freetown", "Monrovia", "Douala", "Libreville"]
HELD_OUT_40 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Pls quote fares to {city} {date}, do not ticket.",
        "Need avail to {city} {date} - quote only.",
        "Fare check: {city}, {date}. No booking.",
        "What's the lowest fare to {city} {date}?",
        "Run a fare search to {city} {date} for the pax, hold off ticketing.",
    ]),
    "search_hotel": ([], {}, [
        "Quote hotel rates in {city} {date}, don't confirm anything.",
        "Check room avail in {city} {date} - info only.",
    ]),
    "unsupported": ([], {}, [
        "Add a vegetarian meal request to the {city} flight.",
        "Request an upgrade to business on the {city} sector.",
        "Pls arrange a meet-and-greet at {city} airport {date}.",
        "Assign an aisle seat on the {city} flight.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Ticket 1 pax to {city} {date}.",
        "Pls book O/W to {city} {date} and issue the ticket.",
        "Go ahead and ticket the cheapest fare to {city} {date}.",
        "Book an economy seat to {city} {date}, ticket same day.",
        "One-way to {city} {date} for the pax, pls book.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Ticket 1 pax to {city} {date}, e-ticket to {email}.",
        "Book the {city} flight {date} and send the itinerary to {email}.",
        "Pls issue a ticket to {city} {date} and cc {email} on the confirmation.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book hotel {city}, check-in {date}, {nights} nights.",
        "Confirm a room in {city} from {date} for {nights} nights.",
        "Need accom in {city} {date}, {nights} nights, pls book.",
        "Hotel for the pax in {city}: {nights} nights from {date}, book it.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Ticket the pax to {city} {date} and book {nights} nights' accom.",
        "Book air + hotel: {city}, {date}, {nights} nights.",
        "Pls book flight and {nights}-night hotel stay in {city} {date}.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Ticket to {city} {date}; pax has own accom.",
        "Book air only to {city} {date}, no hotel.",
        "Flight to {city} {date} pls, no hotel needed - pax staying with family.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Ticket to {city} {date}, but don't email {email} the e-ticket.",
        "Book the flight to {city} {date}; no itinerary to {email}.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Void ticket {fref}.",
        "Pls cxl {fref}, pax not travelling.",
        "Cancel PNR {fref}.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cxl the {city} flight, trip's off.",
        "Void the ticket to {city}.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cxl hotel res {href}.",
        "Release room booking {href}, pax not coming.",
        "Pls cancel hotel confirmation {href}.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cxl the hotel in {city}.",
        "Release the room in {city}, no longer required.",
    ]),
    "dont_book": ([], {}, [
        "Do NOT ticket anything to {city} yet, awaiting approval.",
        "Hold off on booking {city} until the pax confirms.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the pax's card on file.",
        "Bill the client {amount} service fee.",
        "Pls process {amount} on the corporate card.",
        "Take {amount} from the client card for the change fee.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the pax, fare difference.",
        "Credit back {amount} to the client.",
        "Pls reimburse the pax {amount}.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund {pref} in full.",
        "Reverse payment {pref} - duplicate charge.",
        "Pls process refund on {pref}.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Send the itin to {email}.",
        "Email {email} the booking details.",
        "Cc {email} on the trip confirmation.",
        "Pls fwd the e-ticket to {email}.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Ticket pax to {city} {date}, {nights} nights' hotel, charge {amount} to the card, itin to {email}.",
        "Book air + hotel ({nights} nights) to {city} {date}, bill {amount}, email confirmation to {email}.",
        "Full booking pls: flight to {city} {date}, hotel {nights} nights, collect {amount}, notify {email}.",
    ]),
}

# Written 2026-12-03 before the planner builtin/44 read it: negations, exceptions and their scope
# ("rather than", "neither … nor", "minus the hotel", "but keep the flight", "instead"), measured
# at first sight.
HELD_OUT_41_CITIES = ["Lampang", "Khon Kaen", "Hat Yai", "Surat Thani", "Ipoh", "Kuching", "Kota Kinabalu", "Miri",
                      "Sandakan", "Davao", "Iloilo", "Bacolod", "Zamboanga", "Legazpi", "Tacloban", "Dumaguete",
                      "Baguio", "Vientiane", "Pakse", "Battambang", "Siem Reap", "Mandalay"]
HELD_OUT_41 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Don't book anything, I only want to see flights to {city} {date}.",
        "Flights to {city} {date}, but nothing gets booked until I say so.",
        "Rather than booking, list the flights to {city} {date}.",
        "Neither book nor hold anything - just find flights to {city} {date}.",
        "Without reserving a seat, check flights to {city} {date}.",
    ]),
    "search_hotel": ([], {}, [
        "No booking please, only compare hotels in {city} {date}.",
        "Look for hotels in {city} {date} but don't reserve one.",
    ]),
    "unsupported": ([], {}, [
        "Don't book a flight, get me a train ticket to {city} {date}.",
        "Not a hotel - find me an apartment rental in {city} {date}.",
        "Instead of a flight, book a bus to {city} {date}.",
        "Skip the hotel and arrange a car rental in {city} {date}.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}, nothing else.",
        "Just the flight to {city} {date}, please book it - not the hotel.",
        "Book me a flight to {city} {date}; forget about the hotel.",
        "All I need is a flight to {city} {date}, booked.",
        "Book a flight to {city} {date} rather than taking the train.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and don't forget to email {email}.",
        "Book a flight to {city} {date}; no hotel, but do email {email}.",
        "Not the hotel, only the flight to {city} {date} - and send the confirmation to {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "No flight needed, just book a hotel in {city} {date} for {nights} nights.",
        "Book a hotel in {city} {date} for {nights} nights; I'm not flying.",
        "Hotel only: {city}, {date}, {nights} nights - no flights.",
        "Book a room in {city} {date} for {nights} nights, I don't need a plane ticket.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book both the flight to {city} {date} and a hotel for {nights} nights, but no email.",
        "Book a flight to {city} {date} and a hotel for {nights} nights - don't charge anything yet.",
        "Flight to {city} {date} plus {nights} nights in a hotel, booked; skip the email.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} but not a hotel.",
        "A flight to {city} {date} please; a hotel won't be necessary.",
        "Book the flight to {city} {date}, minus the hotel.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} without emailing {email}.",
        "Book a flight to {city} {date}; {email} shouldn't hear about it.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel flight {fref} - don't rebook it.",
        "I don't want flight {fref} anymore, cancel it.",
        "Cancel {fref} and do not book a replacement.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my flight to {city}, and don't book another one.",
        "Don't keep the flight to {city} - cancel it.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel hotel booking {href}, but don't touch the flight.",
        "Cancel {href}; no need to book another hotel.",
        "We won't be using hotel reservation {href}, please cancel.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the hotel in {city} but keep the flight.",
        "No more hotel in {city} - cancel that reservation.",
    ]),
    "dont_book": ([], {}, [
        "Don't book anything for {city} yet.",
        "Please hold off: no flights or hotels to {city} until further notice.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to the customer, not a refund.",
        "Bill the customer {amount}; don't send a receipt.",
        "Charge {amount} - no booking involved.",
        "Don't refund anything; charge the customer {amount}.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to the customer, don't charge them again.",
        "Give the customer {amount} back and do not rebook.",
        "Refund {amount}, no email needed.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref} but do not cancel the flight.",
        "Don't charge - refund {pref} instead.",
        "Refund {pref}; no further charges.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Don't book anything, just email {email} the itinerary.",
        "Only send an email to {email}, nothing else.",
        "Email {email} but don't charge the card.",
        "No bookings today - just notify {email}.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and a hotel for {nights} nights, charge {amount}, email {email} - don't skip any of it.",
        "Flight to {city} {date}, hotel {nights} nights, charge {amount} and email {email}; no refunds, no cancellations.",
        "Except for the refund, do it all: flight to {city} {date}, {nights} nights of hotel, charge {amount}, confirmation to {email}.",
    ]),
}

# Written 2026-12-03 before the planner builtin/45 read it: questions that ask for something
# ("Why don't you book…?", "Any chance you could…?", "Mind booking…?") beside questions that only
# ask ("How much would it cost to fly…?"), measured at first sight.
HELD_OUT_42_CITIES = ["Vinh", "Luang Prabang", "Bagan", "Chittagong", "Sylhet", "Khulna", "Pokhara", "Rajshahi",
                      "Barisal", "Rangpur", "Comilla", "Biratnagar", "Janakpur", "Thimphu", "Batticaloa",
                      "Anuradhapura", "Ratnapura", "Mawlamyine", "Taunggyi", "Sittwe", "Kampot", "Savannakhet"]
HELD_OUT_42 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Are there any seats left on flights to {city} {date}?",
        "How much would it cost to fly to {city} {date}?",
        "Do you happen to know which flights go to {city} {date}?",
        "What are my options for getting to {city} by plane {date}?",
        "Would you be able to check flight times to {city} {date} for me?",
    ]),
    "search_hotel": ([], {}, [
        "Are there decent hotels in {city} {date}?",
        "What would a room in {city} cost {date}?",
    ]),
    "unsupported": ([], {}, [
        "Could you get me a rental car in {city} {date}?",
        "Is there any way you can upgrade my seat on the {city} flight?",
        "Why don't you arrange an airport transfer in {city} {date}?",
        "How about booking a table for dinner in {city} {date}?",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Why don't you book me a flight to {city} {date}?",
        "How about booking a flight to {city} {date}?",
        "Any chance you could put me on a plane to {city} {date}?",
        "Is it possible for you to book a flight to {city} {date}?",
        "Would it be a problem to reserve a flight to {city} {date} for me?",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Could you book a flight to {city} {date} and let {email} know?",
        "Mind booking me a flight to {city} {date} and emailing {email} the details?",
        "Can I ask you to reserve a flight to {city} {date} and send {email} the confirmation?",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Could I get a room in {city} {date} for {nights} nights?",
        "Would you reserve a hotel in {city} {date} for {nights} nights?",
        "How about a hotel in {city} {date} for {nights} nights - can you book that?",
        "Can you find and book me a room in {city} {date} for {nights} nights?",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Can you sort out a flight to {city} {date} and a hotel for {nights} nights?",
        "Would you mind booking a flight to {city} {date} plus a hotel for {nights} nights?",
        "Why not book both a flight to {city} {date} and {nights} nights at a hotel?",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Could you book a flight to {city} {date}? I won't need a hotel.",
        "Can you get me a flight to {city} {date} - no hotel though?",
        "Would you book just the flight to {city} {date}, not a hotel?",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Could you book a flight to {city} {date} without telling {email}?",
        "Can you reserve a flight to {city} {date}? Please don't email {email}.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Could you cancel flight {fref} for me?",
        "Would it be possible to cancel booking {fref}?",
        "Can you get {fref} cancelled?",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Can you cancel my flight to {city}?",
        "Why don't you go ahead and cancel the flight to {city}?",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Could you cancel hotel booking {href}?",
        "Would you mind cancelling {href}? It's the hotel.",
        "Is it possible to cancel hotel reservation {href} today?",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Can you cancel the hotel in {city} for me?",
        "Could you drop my hotel reservation in {city}?",
    ]),
    "dont_book": ([], {}, [
        "Could you hold off on booking anything for {city}?",
        "Can we wait and not book {city} yet?",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Could you charge the customer {amount}?",
        "Would you put {amount} on the client's card?",
        "Can you take {amount} from the customer?",
        "How about charging {amount} for the change?",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Could you refund the customer {amount}?",
        "Can we give the client {amount} back?",
        "Would you reimburse {amount} to the customer?",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Can you see to refunding payment {pref}?",
        "Would it be possible to reverse payment {pref}?",
        "Could {pref} be refunded, please?",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Could you email {email} the itinerary?",
        "Can you drop {email} a line about the trip?",
        "Would you send {email} a quick note?",
        "How about emailing {email} the details?",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Could you book a flight to {city} {date} and a hotel for {nights} nights, charge {amount} and email {email}?",
        "Why don't you book the flight to {city} {date}, {nights} nights of hotel, charge the client {amount} and let {email} know?",
        "Can you handle everything: flight to {city} {date}, hotel for {nights} nights, a {amount} charge and an email to {email}?",
    ]),
}

# Written 2026-12-03 before the planner builtin/46 read it: requests rich in details the tools
# take no parameter for (classes, seats, times, room types, names, cards), measured at first
# sight. The details are kept by the goal, not by the plan: a plan with the right tools is right.
HELD_OUT_43_CITIES = ["Tegucigalpa", "San Pedro Sula", "Managua", "Quetzaltenango", "Belmopan", "Chinandega",
                      "Matagalpa", "Esteli", "Limon", "Puntarenas", "Chitre", "Camaguey", "Holguin", "Cienfuegos",
                      "Santiago de Cuba", "Myitkyina", "Pathein", "Lashio", "Kratie", "Sihanoukville", "Dili",
                      "Baucau"]
HELD_OUT_43 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "What business class flights are there to {city} {date}?",
        "Show me morning flights to {city} {date}, window seats preferred.",
        "Any direct flights to {city} {date} for 2 adults? Just looking.",
        "List nonstop flights to {city} {date} with their departure times.",
        "Check which flights to {city} {date} still have economy seats.",
    ]),
    "search_hotel": ([], {}, [
        "What hotels near the airport in {city} have rooms {date}?",
        "Show me hotels with a pool in {city} {date}.",
    ]),
    "unsupported": ([], {}, [
        "Add my passport number to the {city} flight booking.",
        "Request a wheelchair at {city} airport {date}.",
        "Order a birthday cake to the hotel room in {city} {date}.",
        "Change the name on my {city} flight ticket to Mr. Chen.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a business class flight to {city} {date} for Mr. Chen.",
        "Book the earliest morning flight to {city} {date}, aisle seat.",
        "Reserve a nonstop economy flight to {city} {date} for two adults.",
        "Book a flight to {city} {date} departing after 6pm.",
        "Get Dr. Okafor a window seat on a flight to {city} {date}.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a premium economy flight to {city} {date} and email the e-ticket to {email}.",
        "Reserve the 7am flight to {city} {date}; confirmation to {email}, please.",
        "Book a flight to {city} {date} with extra legroom and send the details to {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a non-smoking double room in {city} {date} for {nights} nights.",
        "Reserve a hotel room with breakfast in {city} {date} for {nights} nights.",
        "Book a quiet room near the station in {city} {date}, {nights} nights, late check-in.",
        "Book a hotel in {city} {date} for {nights} nights for Ms. Alvarez.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a business class flight to {city} {date} and a 4-star hotel for {nights} nights.",
        "Reserve the morning flight to {city} {date} and a king room for {nights} nights.",
        "Book flights for 2 adults to {city} {date} and a family room for {nights} nights.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book an economy flight to {city} {date}; accommodation is arranged by the conference.",
        "Book a red-eye flight to {city} {date}, no hotel required.",
        "Book a flight to {city} {date} for Mr. Chen only, he has a hotel.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a window seat on a flight to {city} {date}, no email to {email} please.",
        "Book the 9am flight to {city} {date} but don't send {email} anything.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Cancel booking {fref} for Mr. Chen.",
        "Cancel the business class ticket {fref}.",
        "Please cancel {fref}, both passengers.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel Mr. Chen's flight to {city}.",
        "Cancel the 7am flight to {city}.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Cancel the double room booking {href}.",
        "Cancel hotel booking {href} for Ms. Alvarez.",
        "Cancel {href}, the suite reservation.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel the 4-star hotel in {city}.",
        "Cancel Ms. Alvarez's room in {city}.",
    ]),
    "dont_book": ([], {}, [
        "Don't book the business class flight to {city} yet, it's over budget.",
        "Hold the decision on the {city} hotel; do not reserve anything.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Charge {amount} to Mr. Chen's corporate card.",
        "Charge the client {amount} for the seat upgrade.",
        "Bill {amount} to card ending 4242.",
        "Charge {amount} as the late check-out fee.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Refund {amount} to Ms. Alvarez for the cancelled tour.",
        "Refund the {amount} baggage fee to the customer.",
        "Refund {amount} to the card ending 1881.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund payment {pref} to Mr. Chen's card.",
        "Refund {pref}, the duplicate seat charge.",
        "Refund payment {pref} in full to the original card.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email the boarding pass to {email}.",
        "Send the hotel address and check-in time to {email}.",
        "Email {email} the flight number and departure time.",
        "Forward the receipt for the seat upgrade to {email}.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Book a business class flight to {city} {date}, a suite for {nights} nights, charge {amount} to the corporate card and email {email}.",
        "Reserve the 8am flight to {city} {date} and a non-smoking room for {nights} nights, bill {amount}, send the itinerary to {email}.",
        "For Mr. Chen: flight to {city} {date}, hotel with breakfast for {nights} nights, charge {amount}, confirmation to {email}.",
    ]),
}

# Written 2026-12-03 before the planner builtin/46 read it: goals typed into a chat platform
# (@mentions, slash commands and their flags, markdown, check-lists, emoji, several lines),
# measured at first sight.
HELD_OUT_44_CITIES = ["Ayutthaya", "Nakhon Ratchasima", "Chanthaburi", "Krabi", "Phitsanulok", "Mae Sot",
                      "Phrae", "Sukhothai", "Kanchanaburi", "Rayong", "Chumphon", "Ranong", "Songkhla", "Pattani",
                      "Narathiwat", "Satun", "Phang Nga", "Loei", "Mukdahan", "Nong Khai", "Buriram", "Sisaket"]
HELD_OUT_44 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "@travelbot what flights go to {city} {date}?",
        "/apex search flights to {city} {date}",
        "**Question:** any flights to {city} {date}? _not booking yet_",
        "Flights to {city} {date}? (just checking, don't book)",
        "`search` flights -> {city}, {date}",
    ]),
    "search_hotel": ([], {}, [
        "@travelbot which hotels in {city} have rooms {date}?",
        "/apex hotels {city} {date} - show only",
    ]),
    "unsupported": ([], {}, [
        "@travelbot please book a taxi from {city} airport {date}",
        "/apex rent a car in {city} {date}",
        "**Task:** arrange a guided tour in {city} {date}",
        "@travelbot can you get me lounge access on the {city} flight?",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "@travelbot book a flight to {city} {date} pls \U0001F64F",
        "/apex book flight to {city} {date}",
        "**Task:** book a flight to {city} {date}",
        "- [ ] book flight to {city} {date}",
        "_urgent_: flight to {city} {date}, book it \U0001F64F",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "@travelbot book a flight to {city} {date} and email {email} \u2708\ufe0f",
        "/apex book flight {city} {date} --notify {email}",
        "**To do:**\n- book flight to {city} {date}\n- email confirmation to {email}",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "@travelbot book a hotel in {city} {date} for {nights} nights",
        "/apex book hotel in {city} {date} --nights {nights}",
        "\U0001F3E8 hotel in {city} {date}, {nights} nights, please book",
        "**Task:** reserve a room in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "@travelbot book flight to {city} {date} + hotel for {nights} nights",
        "- book flight to {city} {date}\n- book hotel there for {nights} nights",
        "/apex trip {city} {date} flight and hotel {nights} nights, book both",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "@travelbot book a flight to {city} {date} (no hotel!)",
        "/apex book flight to {city} {date} --no-hotel",
        "**Book:** flight to {city} {date}\n**Skip:** hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "@travelbot book a flight to {city} {date}, ~~email {email}~~ no email",
        "/apex book flight to {city} {date} --no-email {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "@travelbot cancel `{fref}`",
        "/apex cancel {fref}",
        "**Cancel:** flight {fref} \u274c",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "@travelbot please cancel my {city} flight",
        "/apex cancel flight to {city}",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "@travelbot cancel hotel `{href}`",
        "/apex cancel hotel {href}",
        "\u274c hotel {href} - cancel please",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "@travelbot cancel the hotel in {city}",
        "/apex cancel hotel in {city}",
    ]),
    "dont_book": ([], {}, [
        "@travelbot do NOT book anything for {city} yet \U0001F6D1",
        "/apex hold {city} - no bookings",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "@travelbot charge {amount} to the client",
        "/apex charge {amount}",
        "**Charge:** {amount} \U0001F4B3",
        "- [ ] charge customer {amount}",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "@travelbot refund {amount} to the customer",
        "/apex refund {amount}",
        "\U0001F4B8 refund {amount} please",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "@travelbot refund `{pref}`",
        "/apex refund {pref}",
        "**Refund:** payment {pref}",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "@travelbot email {email} the itinerary \U0001F4E7",
        "/apex email {email}",
        "**Notify:** {email}",
        "- [ ] send confirmation to {email}",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "@travelbot book flight to {city} {date} + hotel {nights} nights, charge {amount}, email {email}",
        "**Tasks:**\n1. flight to {city} {date}\n2. hotel {nights} nights\n3. charge {amount}\n4. email {email}",
        "/apex trip {city} {date} --hotel-nights {nights} --charge {amount} --notify {email}",
    ]),
}

# Written 2026-12-03 before the planner builtin/47 read it: idioms and figurative speech, many
# with a word the lexicon reads in another sense ("drop everything and book", "I'd kill to know",
# "pull the plug", "can the hotel", "ring up"), measured at first sight.
HELD_OUT_45_CITIES = ["Tarapoto", "Pucallpa", "Huaraz", "Chachapoyas", "Tumbes", "Moquegua", "Juliaca", "Antofagasta",
                      "Calama", "Copiapo", "La Serena", "Rancagua", "Talca", "Chillan", "Temuco", "Valdivia",
                      "Osorno", "Puerto Montt", "Coyhaique", "Jujuy", "Tucuman", "Bariloche"]
HELD_OUT_45 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "I'd kill to know what flights go to {city} {date}.",
        "Drop me a list of flights to {city} {date}.",
        "Shoot me the flight options to {city} {date}, no booking.",
        "Give me a rundown of flights to {city} {date}.",
        "Let's see what's flying to {city} {date} - no strings attached, don't book.",
    ]),
    "search_hotel": ([], {}, [
        "Throw me a few hotel options in {city} {date}.",
        "What's the damage for a hotel in {city} {date}?",
    ]),
    "unsupported": ([], {}, [
        "Book a table at a restaurant in {city} {date} - the hotel is sorted.",
        "Can you get the ball rolling on my visa for {city}?",
        "Line up a chauffeur for me in {city} {date}.",
        "Hook me up with a spa day in {city} {date}.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Drop everything and book me a flight to {city} {date}.",
        "Pull the trigger on a flight to {city} {date}.",
        "Go ahead and lock down a seat to {city} {date}.",
        "I'm dying to get to {city} {date} - book the flight.",
        "Nail down a flight to {city} {date} for me.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and fire off a note to {email}.",
        "Snag me a flight to {city} {date} and loop in {email}.",
        "Book the flight to {city} {date}, then ping {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Find me a place to crash in {city} {date} for {nights} nights and book it.",
        "Lock in a hotel in {city} {date} for {nights} nights.",
        "Get me a roof over my head in {city} {date}, {nights} nights, booked.",
        "Book me a hotel in {city} {date} for {nights} nights - money's no object.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Sort out the whole shebang: flight to {city} {date} and a hotel for {nights} nights.",
        "Book a flight to {city} {date} and throw in a hotel for {nights} nights.",
        "Flight to {city} {date} and a hotel for {nights} nights - make it happen.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; I'll crash at a friend's, so no hotel.",
        "Just get me on a plane to {city} {date} - the hotel can wait.",
        "Book a flight to {city} {date}, hotel's a no-go.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and keep {email} out of the loop.",
        "Book a flight to {city} {date}, but don't bother emailing {email}.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "Pull the plug on flight {fref}.",
        "Kill booking {fref}, the trip is dead.",
        "Scrap {fref} - it's off the table.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Ax the flight to {city}.",
        "The {city} trip fell through - cancel the flight.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "Pull the plug on hotel booking {href}.",
        "Nix {href}, we don't need the room any more.",
        "Hotel {href} is a no-go, cancel it.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Can the hotel in {city}.",
        "Dump the hotel reservation in {city}.",
    ]),
    "dont_book": ([], {}, [
        "Sit tight on {city} - don't book a thing.",
        "Put {city} on the back burner; no bookings for now.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Ring up {amount} on the customer's card.",
        "Hit the client's card for {amount}.",
        "Charge the customer {amount} and call it a day.",
        "Put the {amount} fee on the customer's tab.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "Make the customer whole: refund {amount}.",
        "Send {amount} back to the client.",
        "Cough up a {amount} refund for the customer.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Give the customer their money back for {pref}.",
        "Undo payment {pref}, it was a mistake - refund it.",
        "Make {pref} right - refund it.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Drop {email} a line with the itinerary.",
        "Shoot {email} an email with the trip details.",
        "Give {email} a heads-up by email.",
        "Loop {email} in on the plans by email.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Go all out: flight to {city} {date}, a hotel for {nights} nights, charge {amount} and fire off a confirmation to {email}.",
        "Pull out all the stops - book a flight to {city} {date} and a hotel for {nights} nights, bill {amount}, ping {email}.",
        "The works, please: flight to {city} {date}, {nights} nights of hotel, {amount} charged, and a note to {email}.",
    ]),
}

# Written 2026-12-03 before the planner builtin/49 read it: a support agent relaying what a
# customer said, in the third person ("The customer wants…", "Caller asked us to…", "Client says
# …"), measured at first sight.
HELD_OUT_46_CITIES = ["Ilorin", "Makurdi", "Sokoto", "Maiduguri", "Owerri", "Calabar", "Uyo", "Warri", "Benin City",
                      "Akure", "Oshogbo", "Abeokuta", "Lokoja", "Minna", "Yola", "Bauchi", "Gombe", "Katsina",
                      "Zaria", "Onitsha", "Asaba", "Awka"]
HELD_OUT_46 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "The customer is asking what flights there are to {city} {date}.",
        "Caller wants to know if anything flies to {city} {date}; she hasn't decided to book.",
        "Customer asked us to look up flights to {city} {date} - no booking yet.",
        "Per the client: just show him the flights to {city} {date}.",
        "The guest would like to compare flights to {city} {date} before committing.",
    ]),
    "search_hotel": ([], {}, [
        "The customer is asking which hotels in {city} have rooms {date}.",
        "Client wants to see hotel options in {city} {date}, nothing booked.",
    ]),
    "unsupported": ([], {}, [
        "The customer wants her seat changed on the {city} flight.",
        "Caller is asking for a rental car in {city} {date}.",
        "Client would like a tour booked in {city} {date}.",
        "The guest is requesting a crib in the hotel room in {city}.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "The customer wants a flight to {city} {date}; please book it.",
        "Caller asked us to book her a flight to {city} {date}.",
        "Client says go ahead and book the flight to {city} {date}.",
        "The guest needs a flight to {city} {date} booked today.",
        "Per the customer: reserve a seat on a flight to {city} {date}.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "The customer wants a flight to {city} {date}, with the confirmation sent to {email}.",
        "Caller asked us to book a flight to {city} {date} and email her at {email}.",
        "Client: book the flight to {city} {date}, then email {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "The customer needs a hotel in {city} {date} for {nights} nights; please book.",
        "Caller asked us to reserve her a room in {city} {date} for {nights} nights.",
        "Client says book him a hotel in {city} {date}, {nights} nights.",
        "The guest would like a room in {city} {date} for {nights} nights, booked please.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "The customer wants a flight to {city} {date} and a hotel for {nights} nights, both booked.",
        "Caller asked for a flight to {city} {date} plus {nights} nights at a hotel - please book.",
        "Client: flight to {city} {date} and hotel for {nights} nights, book both please.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "The customer wants a flight to {city} {date} booked but says she doesn't need a hotel.",
        "Caller asked us to book a flight to {city} {date}; she already has a hotel.",
        "Client says book the flight to {city} {date} and leave the hotel out.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "The customer wants a flight to {city} {date} booked and asked us not to email {email}.",
        "Caller says book a flight to {city} {date} but don't send anything to {email}.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "The customer is asking us to cancel flight {fref}.",
        "Caller wants booking {fref} cancelled.",
        "Client says cancel {fref}, he can't travel.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "The customer wants her flight to {city} cancelled.",
        "Caller asked us to cancel his flight to {city}.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "The customer is asking us to cancel hotel booking {href}.",
        "Caller wants hotel reservation {href} cancelled.",
        "Client says cancel {href}, the hotel booking.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "The customer wants the hotel in {city} cancelled.",
        "Caller asked us to cancel her hotel in {city}.",
    ]),
    "dont_book": ([], {}, [
        "The customer said not to book anything for {city} yet.",
        "Caller asked us to hold off on booking {city} until she calls back.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "The customer agreed to be charged {amount}; please process it.",
        "Caller authorised a charge of {amount} to her card.",
        "Client says go ahead and charge him {amount}.",
        "The guest asked us to bill {amount} to the company card.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "The customer is asking for a refund of {amount}.",
        "Caller wants {amount} refunded to her card.",
        "Client says we owe him {amount}; please refund it.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "The customer wants payment {pref} refunded.",
        "Caller asked us to refund {pref}.",
        "Client is requesting a refund of payment {pref}.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "The customer wants the itinerary emailed to {email}.",
        "Caller asked us to email her at {email}.",
        "Client says send the confirmation to {email}.",
        "The guest would like an email at {email} with the details.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "The customer wants a flight to {city} {date} and a hotel for {nights} nights, agreed to a charge of {amount}, and wants the confirmation at {email}.",
        "Caller asked us to book a flight to {city} {date}, a hotel for {nights} nights, charge her {amount} and email {email}.",
        "Client: flight to {city} {date}, hotel {nights} nights, charge {amount}, email {email} - all approved.",
    ]),
}

# Written 2026-12-03 before the planner builtin/50 read it: what happened before, told beside the
# request ("You cancelled my flight last week; now book a new one", "We charged the customer by
# mistake; refund it"): what was done must not be done again or undone, measured at first sight.
HELD_OUT_47_CITIES = ["Ushuaia", "Corrientes", "Posadas", "Parana", "Santa Rosa", "Rio Gallegos", "Trelew", "Viedma",
                      "Rawson", "Catamarca", "La Rioja", "San Luis", "Santiago del Estero", "Paysandu", "Tacuarembo",
                      "Maldonado", "Encarnacion", "Ciudad del Este", "Concepcion", "Villarrica", "Formosa",
                      "Resistencia"]
HELD_OUT_47 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "Last time you booked me on a terrible flight; this time just show me the flights to {city} {date}.",
        "I flew to {city} last year and loved it - what flights are there {date}?",
        "You cancelled my last trip by mistake, so don't book anything - just list flights to {city} {date}.",
        "My colleague booked a flight to {city} yesterday; what other flights go there {date}?",
        "Before I decide, like last time, compare flights to {city} {date} for me.",
    ]),
    "search_hotel": ([], {}, [
        "We stayed at a hotel in {city} last spring; which hotels have rooms {date}?",
        "I booked a hotel in {city} last time - show me hotel options there {date}.",
    ]),
    "unsupported": ([], {}, [
        "Last year you arranged a car for me in {city}; do the same {date}.",
        "Like before, get me a driver at {city} airport {date}.",
        "The upgrade you got me last time was great - upgrade my {city} flight again.",
        "As usual, book my favourite restaurant in {city} {date}.",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book me a flight to {city} {date}, like you did last month.",
        "Same as last time: a flight to {city} {date}, please book it.",
        "You cancelled my flight to {city} last week; now book a new one {date}.",
        "I was refunded for the last trip; please book a flight to {city} {date}.",
        "Book a flight to {city} {date} - the one I had booked before was cancelled by the airline.",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book a flight to {city} {date} and email {email}, as you did last time.",
        "Last time you forgot to email {email}; book a flight to {city} {date} and email them this time.",
        "My old booking was cancelled, so book a flight to {city} {date} and send the confirmation to {email}.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Book a hotel in {city} {date} for {nights} nights, same as my last stay.",
        "I stayed in {city} before and want to go back: book a hotel {date} for {nights} nights.",
        "The hotel I booked myself fell through, please book one in {city} {date} for {nights} nights.",
        "You charged me twice last time; just book a hotel in {city} {date} for {nights} nights.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} and a hotel for {nights} nights, exactly like my last trip.",
        "Last trip I had to cancel everything; this time book a flight to {city} {date} and a hotel for {nights} nights.",
        "Repeat what you did last time, but for {city}: flight {date}, hotel {nights} nights.",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; unlike last time, I don't need a hotel.",
        "Last time you booked a hotel I didn't want - only book the flight to {city} {date}.",
        "Book a flight to {city} {date}. I already booked the hotel myself.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date}; last time {email} got spammed, so don't email them.",
        "You emailed {email} last time by mistake - book a flight to {city} {date} without emailing anyone.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "You booked {fref} yesterday; please cancel it.",
        "I asked you to book {fref} last week - cancel it now.",
        "Flight {fref}, which I booked last month, needs to be cancelled.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "You booked me a flight to {city} last week - cancel it.",
        "The flight to {city} I booked yesterday has to be cancelled.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "You reserved hotel {href} for me yesterday; cancel it please.",
        "Cancel {href}, the hotel I booked last week.",
        "Hotel booking {href} was made by mistake - cancel it.",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "The hotel in {city} that you booked last week - cancel it.",
        "I booked a hotel in {city} a while ago; please cancel it.",
    ]),
    "dont_book": ([], {}, [
        "Last time you booked without asking - don't book anything for {city} this time.",
        "You already booked {city} for me last week, so don't book it again.",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "You forgot to charge the customer last time; charge {amount} now.",
        "Charge the client {amount}, the same as last month.",
        "The refund last week was a mistake - charge the customer {amount}.",
        "As agreed yesterday, charge {amount} to the customer's card.",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "We charged the customer {amount} by mistake yesterday; refund it.",
        "The customer was overcharged last week; refund {amount}.",
        "Refund {amount}, like we did for the last complaint.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Payment {pref} was charged twice - refund it.",
        "You charged {pref} yesterday by mistake; refund it.",
        "Refund {pref}; the booking it paid for was cancelled.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "You emailed the wrong person last time - email {email} the itinerary.",
        "Send {email} the confirmation, as you did last time.",
        "I booked everything myself; just email {email} the details.",
        "The hotel was cancelled yesterday; let {email} know by email.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "Like last time: flight to {city} {date}, hotel for {nights} nights, charge {amount}, email {email}.",
        "My previous booking was cancelled; please book a flight to {city} {date} and a hotel for {nights} nights, charge {amount} and email {email}.",
        "You refunded the old trip already - now book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and send the itinerary to {email}.",
    ]),
}

# Written 2026-12-03 before the planner builtin/52 (and its classifier) read it: requests spoken to
# a voice assistant and transcribed as heard (lower case, no punctuation, fillers, false starts,
# "actually", numbers in words where speech says them), measured at first sight.
HELD_OUT_48_CITIES = ["Nagpur", "Indore", "Bhopal", "Vadodara", "Rajkot", "Nashik", "Aurangabad", "Ranchi",
                      "Raipur", "Jabalpur", "Gwalior", "Ajmer", "Udaipur", "Jodhpur", "Bikaner", "Amritsar",
                      "Ludhiana", "Dehradun", "Shimla", "Guwahati", "Mysore", "Madurai"]
HELD_OUT_48 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "hey assistant um what flights are there to {city} {date}",
        "okay so can you check flights to {city} {date} just check them",
        "uh i need to see the flights going to {city} {date} not booking yet",
        "flights to {city} {date} what have we got",
        "so like are there any flights to {city} {date} you know cheap ones",
    ]),
    "search_hotel": ([], {}, [
        "um what hotels are there in {city} {date}",
        "can you see if there's any hotel rooms free in {city} {date}",
    ]),
    "unsupported": ([], {}, [
        "uh get me a taxi in {city} {date}",
        "book a table for two in {city} {date} somewhere nice",
        "can you um rent me a scooter in {city} {date}",
        "what's the weather gonna be in {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book me a flight to {city} {date} please",
        "um yeah so i need a flight to {city} {date} go ahead and book it",
        "okay book the uh the flight to {city} {date}",
        "can you get me on a flight to {city} {date} thanks",
        "i wanna fly to {city} {date} book it for me",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "book a flight to {city} {date} and uh email {email} about it",
        "flight to {city} {date} book it and then send the details to {email}",
        "um get me a flight to {city} {date} and let {email} know by email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "book a hotel in uh {city} {date} for {nights} nights",
        "uh i need a room in {city} {date} {nights} nights please book it",
        "okay so hotel in {city} {date} for {nights} nights go ahead and book",
        "can you book me somewhere to stay in {city} {date} for {nights} nights",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "book a flight to {city} {date} and a hotel for {nights} nights",
        "um flight to {city} {date} and uh hotel {nights} nights book both",
        "i need to go to {city} {date} so book the flight and a hotel for {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book a flight to {city} {date} but no hotel okay no hotel",
        "flight to {city} {date} please and um i don't need a hotel",
        "book me a flight to {city} {date} hotel's not needed",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book a flight to {city} {date} and don't email {email}",
        "flight to {city} {date} book it but uh no need to email {email}",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "cancel flight {fref} uh right now",
        "um can you cancel my flight booking {fref} please",
        "i need to cancel {fref} the flight",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "yeah cancel my flight to {city} um thanks",
        "uh the flight to {city} cancel it please",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "okay cancel hotel {href} for me",
        "um please cancel the hotel booking {href}",
        "i wanna cancel my hotel {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "cancel the hotel in {city} we are not going anymore",
        "uh my hotel in {city} cancel that",
    ]),
    "dont_book": ([], {}, [
        "don't book anything in {city} i'm just looking",
        "um no bookings for {city} okay not yet",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "charge the customer uh {amount} yeah",
        "um go ahead and charge {amount} to the card",
        "okay charge them {amount} please",
        "take a payment of {amount} from the customer",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "so refund the customer {amount} alright",
        "uh can you give them back {amount}",
        "refund {amount} to the card please",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "refund payment {pref} that one yeah",
        "um please refund {pref}",
        "can you refund the payment {pref} thanks",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "email {email} and tell them i'm running late",
        "send an email to {email} um saying the trip is on",
        "uh shoot {email} an email with the itinerary",
        "can you email {email} the details",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "book a flight to {city} {date} and a hotel for {nights} nights charge {amount} and email {email}",
        "okay so um flight to {city} {date} hotel {nights} nights charge {amount} and send it all to {email}",
        "i need a flight to {city} {date} plus a hotel for {nights} nights then charge {amount} and uh email {email}",
    ]),
}

# Written 2026-12-03 before the planner builtin/52 (and its classifier) read it: keywords typed
# into a search box or a command palette (few or no verbs, words in any order, "+", "->", "x3"),
# each still saying what to do, measured at first sight.
HELD_OUT_49_CITIES = ["Tirupati", "Vijayawada", "Warangal", "Kozhikode", "Thrissur", "Mangalore", "Hubli",
                      "Belgaum", "Kolhapur", "Solapur", "Jalgaon", "Akola", "Bilaspur", "Cuttack", "Rourkela",
                      "Siliguri", "Dibrugarh", "Imphal", "Aizawl", "Agartala", "Shillong", "Gangtok"]
HELD_OUT_49 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "search flights {city} {date}",
        "flight search -> {city}, {date}",
        "{city} flights {date}? show options",
        "list flights {city} {date} (no booking)",
        "flights to {city} {date} - compare prices",
    ]),
    "search_hotel": ([], {}, [
        "hotel search {city} {date}",
        "{city} hotels {date}: list availability",
    ]),
    "unsupported": ([], {}, [
        "car rental {city} {date}",
        "train tickets -> {city} {date}, book",
        "visa requirements {city}",
        "airport lounge pass {city} {date}",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book flight -> {city} {date}",
        "flight {city} {date}: book it",
        "reserve flight, {city}, {date}",
        "{city} {date} flight - book",
        "book: flight to {city}, {date}",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "book flight {city} {date} + email {email}",
        "flight -> {city} {date}; book; confirmation to {email}",
        "book flight to {city} {date}, cc {email} by email",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "book hotel {city} {date} x{nights} nights",
        "hotel booking: {city}, {date}, {nights} nights",
        "reserve hotel -> {city} {date} ({nights} nights)",
        "{city} hotel {date} {nights} nights - book",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "book flight + hotel {city} {date}, {nights} nights",
        "flight & hotel -> {city} {date} / {nights} nights: book both",
        "book: flight to {city} {date}; hotel {nights} nights",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book flight {city} {date} (hotel: none)",
        "flight only -> {city} {date}, book, no hotel",
        "book flight to {city} {date} - skip hotel",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "book flight {city} {date}, email {email}: no",
        "flight -> {city} {date}, book (don't email {email})",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "cancel {fref} !!",
        "{fref} -> cancel",
        "flight cancellation: {fref}",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "cancel flight -> {city}",
        "flight to {city}: cancel",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "cancel hotel booking #{href}",
        "{href} hotel - cancel",
        "hotel cancellation: {href}",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "cancel hotel -> {city}",
        "hotel in {city}: cancel it",
    ]),
    "dont_book": ([], {}, [
        "{city}: no bookings",
        "flights {city} {date} - do not book",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "charge {amount} (card on file)",
        "payment: charge customer {amount}",
        "charge card -> {amount}",
        "{amount} charge, customer card",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "refund {amount} to customer",
        "refund: {amount}, reason: overcharge",
        "customer refund -> {amount}",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "refund {pref} asap",
        "{pref} -> refund",
        "payment {pref}: refund in full",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "email {email}: itinerary",
        "send email -> {email} (trip details)",
        "mail {email} the confirmation",
        "{email} - email the booking details",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "book flight {city} {date} + hotel {nights} nights + charge {amount} + email {email}",
        "trip -> {city} {date}: book flight, hotel x{nights} nights, charge {amount}, email {email}",
        "book: flight to {city} {date}; hotel {nights} nights; charge {amount}; email {email}",
    ]),
}

# Written 2026-12-03 before the planner builtin/53 (and its classifier) read it: frustrated and
# angry customers (capitals, exclamation marks, complaints and sarcasm beside the request, blame
# for what went wrong before), measured at first sight.
HELD_OUT_50_CITIES = ["Sundsvall", "Ostersund", "Skelleftea", "Gavle", "Karlstad", "Vaxjo", "Halmstad",
                      "Jonkoping", "Norrkoping", "Linkoping", "Eskilstuna", "Borlange", "Falun", "Visby",
                      "Trollhattan", "Kristianstad", "Helsingborg", "Sodertalje", "Arvidsjaur", "Kalix",
                      "Pitea", "Ornskoldsvik"]
HELD_OUT_50 = {
    "search_flight": (["search_flights"], {"search_flights": FLIGHT}, [
        "I've been on hold for an HOUR. Just tell me what flights go to {city} {date}!",
        "Seriously, is it so hard to show me the flights to {city} {date}? Don't book anything, I don't trust you.",
        "Ugh. Flights to {city} {date}. What are my options, and no, I am NOT booking yet.",
        "Your app keeps crashing!! Which flights are there to {city} {date}?",
        "For the third time: I only want to SEE the flights to {city} {date}.",
    ]),
    "search_hotel": ([], {}, [
        "Your website is useless - what hotels are even available in {city} {date}?",
        "I just want to know which hotels in {city} have rooms {date}, is that too much to ask?",
    ]),
    "unsupported": ([], {}, [
        "My suitcase never arrived in {city}. Find it NOW.",
        "I want compensation for the delayed flight to {city}, this is unacceptable!",
        "Get me a manager. The hotel in {city} was filthy.",
        "Change my seat on the {city} flight, the one you gave me is next to the toilet!",
    ]),
    "book_flight": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Fine. FINE. Book me the flight to {city} {date} and let's get this over with.",
        "I've asked three times already - BOOK THE FLIGHT TO {city} {date}!",
        "Unbelievable service, but whatever, book a flight to {city} {date}.",
        "Just book the damn flight to {city} {date}.",
        "Stop sending me options and book a flight to {city} {date} already!",
    ]),
    "book_flight_mail": (["search_flights", "book_flight", "send_email"],
                         {"book_flight": FLIGHT, "send_email": {"to": "email"}}, [
        "Book the flight to {city} {date} and this time actually email {email} the confirmation!",
        "Why is this so hard?! Book a flight to {city} {date} and send the details to {email}.",
        "Book me on a flight to {city} {date}. And email {email}, since nobody ever tells them anything.",
    ]),
    "book_hotel": (["book_hotel"], {"book_hotel": {"city": "city", "date": "date", "nights": "nights"}}, [
        "Just book a hotel in {city} {date} for {nights} nights, I'm exhausted.",
        "After the mess you made, book me a hotel in {city} {date}, {nights} nights, and make it a decent one!",
        "BOOK A HOTEL IN {city} {date} FOR {nights} NIGHTS. Thank you.",
        "I'm stranded! Book a hotel in {city} {date} for {nights} nights right now.",
    ]),
    "flight_and_hotel": (["search_flights", "book_flight", "book_hotel"],
                         {"book_flight": FLIGHT, "book_hotel": {"city": "city", "nights": "nights"}}, [
        "Book a flight to {city} {date} AND a hotel for {nights} nights - both, not just one like last time!",
        "I'm losing my patience. Flight to {city} {date}, hotel for {nights} nights, book them.",
        "Book the flight to {city} {date} and a hotel for {nights} nights before the prices go up again!",
    ]),
    "flight_no_hotel": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and do NOT book a hotel this time!",
        "Flight to {city} {date}, book it. No hotel! I said NO hotel.",
        "Book me a flight to {city} {date}; I'll find my own hotel, thanks very much.",
    ]),
    "flight_no_mail": (["search_flights", "book_flight"], {"book_flight": FLIGHT}, [
        "Book a flight to {city} {date} and stop emailing {email}, they're sick of it!",
        "Book the flight to {city} {date}. Do NOT email {email} again.",
    ]),
    "cancel_flight_ref": (["cancel_flight"], {"cancel_flight": {"booking": "fref"}}, [
        "CANCEL {fref}. I never asked for it!",
        "This is the worst airline ever, cancel my flight {fref} immediately.",
        "I want flight {fref} cancelled, today, no excuses.",
    ]),
    "cancel_flight_city": (["cancel_flight"], {"cancel_flight": {"to": "city"}}, [
        "Cancel my flight to {city}! I'm done with this.",
        "Forget it, cancel the {city} flight, I'll drive.",
    ]),
    "cancel_hotel": (["cancel_hotel"], {"cancel_hotel": {"booking": "href"}}, [
        "The hotel was a disaster - cancel {href} right now!",
        "Cancel hotel booking {href}. And don't ask me why.",
        "I can't believe I have to say this again: cancel hotel {href}!",
    ]),
    "cancel_hotel_city": (["cancel_hotel"], {"cancel_hotel": {"city": "city"}}, [
        "Cancel my hotel in {city}, the reviews are horrible.",
        "That hotel in {city}? Cancel it. Now.",
    ]),
    "dont_book": ([], {}, [
        "Do NOT book anything for {city}, I'm still deciding!",
        "Stop trying to book me things in {city}, I didn't ask!",
    ]),
    "charge": (["charge_payment"], {"charge_payment": {"amount": "amount", "currency": "currency"}}, [
        "Fine, charge me {amount}, but this had better work.",
        "Charge the customer {amount} and stop bothering me about it.",
        "Ridiculous fees, but go ahead and charge {amount}.",
        "Just charge {amount} to my card already!",
    ]),
    "refund_amount": (["refund_payment"], {"refund_payment": {"amount": "amount", "currency": "currency"}}, [
        "I was charged twice!! Refund {amount} NOW.",
        "I want my {amount} back, refund it immediately.",
        "Refund the {amount} you stole from me.",
    ]),
    "refund_ref": (["refund_payment"], {"refund_payment": {"payment": "pref"}}, [
        "Refund {pref}! I never authorised that payment.",
        "Payment {pref} was a scam, refund it.",
        "I demand a refund for {pref}.",
    ]),
    "email": (["send_email"], {"send_email": {"to": "email"}}, [
        "Email {email} and tell them the trip is off because of you people!",
        "At least send {email} the itinerary, if that's not too much trouble.",
        "Why hasn't {email} got the details yet? Email them!",
        "Send the confirmation to {email}, AGAIN, since the first one never arrived.",
    ]),
    "full_trip": (["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"],
                  {"book_flight": {"to": "city"}, "book_hotel": {"city": "city", "nights": "nights"},
                   "charge_payment": {"amount": "amount", "currency": "currency"}, "send_email": {"to": "email"}}, [
        "For the LAST time: book a flight to {city} {date}, a hotel for {nights} nights, charge {amount} and email {email}!",
        "I'm fed up, just do it all: flight to {city} {date}, hotel {nights} nights, charge {amount}, confirmation to {email}.",
        "Book the flight to {city} {date} and a hotel for {nights} nights, charge {amount}, and email {email} - and don't mess it up this time!",
    ]),
}

SETS = {"dev": (DEV, DEV_CITIES, 20, 20261202), "heldout": (HELD_OUT, HELD_OUT_CITIES, 24, 20261203),
        "heldout2": (HELD_OUT_2, HELD_OUT_2_CITIES, 25, 20261204),
        "heldout3": (HELD_OUT_3, HELD_OUT_3_CITIES, 25, 20261205),
        "heldout4": (HELD_OUT_4, HELD_OUT_4_CITIES, 25, 20261206),
        "heldout5": (HELD_OUT_5, HELD_OUT_5_CITIES, 25, 20261207),
        "heldout6": (HELD_OUT_6, HELD_OUT_6_CITIES, 25, 20261208),
        "heldout7": (HELD_OUT_7, HELD_OUT_7_CITIES, 25, 20261209),
        "heldout8": (HELD_OUT_8, HELD_OUT_8_CITIES, 25, 20261210),
        "heldout9": (HELD_OUT_9, HELD_OUT_9_CITIES, 25, 20261211),
        "heldout10": (HELD_OUT_10, HELD_OUT_10_CITIES, 25, 20261212),
        "heldout11": (HELD_OUT_11, HELD_OUT_11_CITIES, 25, 20261213),
        "heldout12": (HELD_OUT_12, HELD_OUT_12_CITIES, 25, 20261214),
        "heldout13": (HELD_OUT_13, HELD_OUT_13_CITIES, 25, 20261215),
        "heldout14": (HELD_OUT_14, HELD_OUT_14_CITIES, 25, 20261216),
        "heldout15": (HELD_OUT_15, HELD_OUT_15_CITIES, 25, 20261217),
        "heldout16": (HELD_OUT_16, HELD_OUT_16_CITIES, 25, 20261218),
        "heldout17": (HELD_OUT_17, HELD_OUT_17_CITIES, 25, 20261219),
        "heldout18": (HELD_OUT_18, HELD_OUT_18_CITIES, 25, 20261220),
        "heldout19": (HELD_OUT_19, HELD_OUT_19_CITIES, 25, 20261221),
        "heldout20": (HELD_OUT_20, HELD_OUT_20_CITIES, 25, 20261222),
        "heldout21": (HELD_OUT_21, HELD_OUT_21_CITIES, 25, 20261223),
        "heldout22": (HELD_OUT_22, HELD_OUT_22_CITIES, 25, 20261224),
        "heldout23": (HELD_OUT_23, HELD_OUT_23_CITIES, 25, 20261225),
        "heldout24": (HELD_OUT_24, HELD_OUT_24_CITIES, 25, 20261226),
        "heldout25": (HELD_OUT_25, HELD_OUT_25_CITIES, 25, 20261227),
        "heldout26": (HELD_OUT_26, HELD_OUT_26_CITIES, 25, 20261228),
        "heldout27": (HELD_OUT_27, HELD_OUT_27_CITIES, 25, 20261229),
        "heldout28": (HELD_OUT_28, HELD_OUT_28_CITIES, 25, 20261230),
        "heldout29": (HELD_OUT_29, HELD_OUT_29_CITIES, 25, 20261231),
        "heldout30": (HELD_OUT_30, HELD_OUT_30_CITIES, 25, 20270101),
        "heldout31": (HELD_OUT_31, HELD_OUT_31_CITIES, 25, 20270102),
        "heldout32": (HELD_OUT_32, HELD_OUT_32_CITIES, 25, 20270103),
        "heldout33": (HELD_OUT_33, HELD_OUT_33_CITIES, 25, 20270104),
        "heldout34": (HELD_OUT_34, HELD_OUT_34_CITIES, 25, 20270105),
        "heldout35": (HELD_OUT_35, HELD_OUT_35_CITIES, 25, 20270106),
        "heldout36": (HELD_OUT_36, HELD_OUT_36_CITIES, 25, 20270107),
        "heldout37": (HELD_OUT_37, HELD_OUT_37_CITIES, 25, 20270108),
        "heldout38": (HELD_OUT_38, HELD_OUT_38_CITIES, 25, 20270109),
        "heldout39": (HELD_OUT_39, HELD_OUT_39_CITIES, 25, 20270110),
        "heldout40": (HELD_OUT_40, HELD_OUT_40_CITIES, 25, 20270111),
        "heldout41": (HELD_OUT_41, HELD_OUT_41_CITIES, 25, 20270112),
        "heldout42": (HELD_OUT_42, HELD_OUT_42_CITIES, 25, 20270113),
        "heldout43": (HELD_OUT_43, HELD_OUT_43_CITIES, 25, 20270114),
        "heldout44": (HELD_OUT_44, HELD_OUT_44_CITIES, 25, 20270115),
        "heldout45": (HELD_OUT_45, HELD_OUT_45_CITIES, 25, 20270116),
        "heldout46": (HELD_OUT_46, HELD_OUT_46_CITIES, 25, 20270117),
        "heldout47": (HELD_OUT_47, HELD_OUT_47_CITIES, 25, 20270118),
        "heldout48": (HELD_OUT_48, HELD_OUT_48_CITIES, 25, 20270119),
        "heldout49": (HELD_OUT_49, HELD_OUT_49_CITIES, 25, 20270120),
        "heldout50": (HELD_OUT_50, HELD_OUT_50_CITIES, 25, 20270121)}


def main():
    intents, cities, per_phrasing, seed = SETS[sys.argv[1] if len(sys.argv) > 1 else "heldout"]
    rng = random.Random(seed)
    for intent, (tools, wanted, phrasings) in intents.items():
        for phrasing in phrasings:
            for _ in range(per_phrasing):
                stamp = rng.choice(TIMESTAMPS)
                now = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
                date_text, day = relative_date(rng, now)
                amount_text, value, currency = amount(rng)
                slots = {
                    "city": rng.choice(cities),
                    "date": day.isoformat() if day else None,
                    "nights": rng.randrange(1, 9),
                    "email": f"{rng.choice(NAMES)}.{rng.randrange(100)}@{rng.choice(DOMAINS)}",
                    "amount": value,
                    "currency": currency,
                    "fref": reference(rng, "FL"),
                    "href": reference(rng, "HT"),
                    "pref": reference(rng, "PM"),
                }
                text = phrasing.format(city=slots["city"], date=date_text, nights=slots["nights"],
                                       email=slots["email"], amount=amount_text, fref=slots["fref"],
                                       href=slots["href"], pref=slots["pref"])
                values = {tool: {param: slots[slot] for param, slot in params.items() if slots[slot] is not None}
                          for tool, params in wanted.items()}
                print(json.dumps({"goal": text, "timestamp": stamp, "intent": intent, "phrasing": phrasing,
                                  "tools": tools, "values": values}))


if __name__ == "__main__":
    main()
