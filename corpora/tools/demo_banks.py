"""Hand-written line banks for the synthetic Brightlane demo corpus (see build_demo.py).

Everything here is fiction: the company, its product, its customers, its competitors and every person.
Rules that the generator's checks enforce on every spoken line:
  * no colon, no "<", ">" or "&" (they would confuse "Name: text" and WebVTT parsing);
  * nothing about suppliers, a supplier portal, payment methods or early-payment discounts -- the
    "Happier suppliers" pillar is designed to be delivered by nobody.
Placeholders filled by the generator: {first} (a prospect's first name), {company} (prospect company),
{rep} (rep first name), {day} (a weekday), {time} (a spoken time of day), {erp} (the prospect's ERP).
"""

from __future__ import annotations

COMPANY = "Brightlane"
SELLER_DOMAIN = "brightlane.io"
PRODUCT = "Brightlane AP, accounts-payable automation for mid-size finance teams"
CAMPAIGN = "Close Faster 2026"
COMPETITORS = ["Ledgerwise", "Invoxa"]

SPEED, ERRORS, ERP, SECURITY, SUPPLIERS = (
    "Faster invoice processing",
    "Fewer payment errors",
    "Works with your ERP",
    "Security you can prove",
    "Happier suppliers",
)

PILLARS = [
    {
        "name": SPEED,
        "description": "Automated capture, coding and approval routing shrink the invoice cycle from days to "
        "minutes.",
        "statements": [
            "Brightlane AP cuts invoice processing time by 60%.",
            "Invoice data is captured automatically with 98% field-level accuracy.",
            "Each invoice is routed to the right approver in minutes, not days.",
            "A typical invoice takes under 3 minutes of staff time from receipt to approval.",
        ],
    },
    {
        "name": ERRORS,
        "description": "Built-in checks stop duplicate and mismatched payments before money leaves the account.",
        "statements": [
            "Duplicate invoices are flagged before they are paid.",
            "Two- and three-way matching against purchase orders and receipts runs automatically.",
            "Customers reduce payment errors by 80% in their first year.",
            "Every invoice keeps a complete audit trail of who approved what and when.",
        ],
    },
    {
        "name": ERP,
        "description": "Native two-way sync with the finance systems teams already use; live in weeks, "
        "not quarters.",
        "statements": [
            "Native two-way sync with NetSuite, Sage Intacct, QuickBooks Online and Microsoft Dynamics 365 "
            "Business Central.",
            "Most teams go live in 30 days or less, with a dedicated onboarding specialist.",
            "No IT project required: your finance team sets it up with our help.",
            "Vendors, GL codes and purchase orders stay in sync with your ERP every 15 minutes.",
        ],
    },
    {
        "name": SECURITY,
        "description": "Independent certification, encryption and access controls that pass IT and audit "
        "reviews.",
        "statements": [
            "Brightlane is SOC 2 Type II certified; the report is available under NDA.",
            "Backed by a 99.9% uptime SLA.",
            "All data is encrypted in transit and at rest.",
            "Single sign-on with Okta, Microsoft Entra ID and Google Workspace, plus role-based permissions.",
        ],
    },
    {
        "name": SUPPLIERS,
        "description": "A free self-service supplier portal and flexible payment options that take supplier "
        "questions off your team's plate.",
        "statements": [
            "Suppliers get a free self-service portal to check invoice and payment status.",
            "Supplier inquiries to your AP team drop by half.",
            "Pay suppliers by ACH, virtual card or check from one place.",
            "Early-payment discounts are captured automatically.",
        ],
    },
]

# --------------------------------------------------------------------------------------------- people
REPS = {
    "Dana Ruiz": {"email": "dana.ruiz@brightlane.io", "title": "Account Executive", "style": "faithful",
                  "on_message": True, "drift_kind": None},
    "Marcus Chen": {"email": "marcus.chen@brightlane.io", "title": "Account Executive", "style": "faithful",
                    "on_message": True, "drift_kind": None},
    "Priya Nair": {"email": "priya.nair@brightlane.io", "title": "Senior Account Executive, Enterprise",
                   "style": "faithful", "on_message": True, "drift_kind": None},
    "Leo Hartmann": {"email": "leo.hartmann@brightlane.io", "title": "Associate Account Executive",
                     "style": "sparse", "on_message": True, "drift_kind": None},
    "Tom Becker": {"email": "tom.becker@brightlane.io", "title": "Account Executive", "style": "distorts",
                   "on_message": False, "drift_kind": "distorts_claims"},
    "Jess Okafor": {"email": "jess.okafor@brightlane.io", "title": "Account Executive", "style": "unbacked",
                    "on_message": False, "drift_kind": "unbacked_claims"},
}

# (name, email domain, segment, ERP they run)
PROSPECT_COMPANIES = [
    ("Copperleaf Dental Group", "copperleafdental.com", "smb", "QuickBooks Online"),
    ("Tidewater Brewing Co.", "tidewaterbrewing.com", "smb", "QuickBooks Online"),
    ("Bluebird Property Management", "bluebirdpm.com", "smb", "Sage Intacct"),
    ("Kestrel Landscaping", "kestrel-landscaping.com", "smb", "QuickBooks Online"),
    ("Maple Row Veterinary", "maplerowvet.com", "smb", "QuickBooks Online"),
    ("Oakhurst Builders", "oakhurstbuilders.com", "smb", "Sage Intacct"),
    ("Pinecrest Cafés", "pinecrestcafes.com", "smb", "QuickBooks Online"),
    ("Redfern Print Studio", "redfernprint.com", "smb", "QuickBooks Online"),
    ("Sunfield Farm Supply", "sunfieldfarmsupply.com", "smb", "Sage Intacct"),
    ("Lumen Yoga Studios", "lumenyoga.co", "smb", "QuickBooks Online"),
    ("Harbor & Pine Outfitters", "harborandpine.com", "smb", "NetSuite"),
    ("Westgate Auto Parts", "westgateautoparts.com", "smb", "QuickBooks Online"),
    ("Northwind Logistics", "northwind-logistics.com", "mid-market", "NetSuite"),
    ("Cascade Medical Supply", "cascademedsupply.com", "mid-market", "NetSuite"),
    ("Ironbridge Manufacturing", "ironbridgemfg.com", "mid-market", "Microsoft Dynamics 365 Business Central"),
    ("Summit Hospitality Group", "summithospitality.com", "mid-market", "Sage Intacct"),
    ("Riverbend Foods", "riverbendfoods.com", "mid-market", "NetSuite"),
    ("Greenway Facilities", "greenwayfacilities.com", "mid-market", "Sage Intacct"),
    ("Atlas Staffing Partners", "atlasstaffingpartners.com", "mid-market", "NetSuite"),
    ("Meridian Home Health", "meridianhomehealth.com", "mid-market", "Sage Intacct"),
    ("Bayview Distribution", "bayviewdistribution.com", "mid-market", "Microsoft Dynamics 365 Business Central"),
    ("Crescent Electrical Contractors", "crescentelectrical.com", "mid-market", "NetSuite"),
    ("Fjord Outdoor Gear", "fjordoutdoor.com", "mid-market", "NetSuite"),
    ("Silverline Telecom", "silverlinetelecom.com", "mid-market", "Microsoft Dynamics 365 Business Central"),
    ("Acme Freight", "acmefreight.com", "enterprise", "NetSuite"),
    ("Halvorsen Energy", "halvorsenenergy.com", "enterprise", "Microsoft Dynamics 365 Business Central"),
    ("Pacific Crest Health System", "pacificcresthealth.org", "enterprise", "NetSuite"),
    ("Lakemont University", "lakemont.edu", "enterprise", "Sage Intacct"),
    ("Vantage Retail Holdings", "vantageretail.com", "enterprise", "NetSuite"),
    ("Orion Aerospace Components", "orionaerocomponents.com", "enterprise",
     "Microsoft Dynamics 365 Business Central"),
    ("Keystone Insurance Group", "keystoneinsgroup.com", "enterprise", "NetSuite"),
    ("Trelawny Hotels International", "trelawnyhotels.com", "enterprise", "Sage Intacct"),
    ("Baltic Shipping Lines", "balticshipping.eu", "enterprise", "Microsoft Dynamics 365 Business Central"),
    ("Nordhavn Pharma", "nordhavnpharma.dk", "enterprise", "NetSuite"),
    ("Granite Peak Construction", "granitepeakco.com", "mid-market", "Sage Intacct"),
    ("Willowbrook Senior Living", "willowbrookliving.com", "mid-market", "NetSuite"),
    ("Sterling Marine Services", "sterlingmarine.com", "enterprise", "NetSuite"),
    ("Juniper Pediatrics", "juniperpeds.com", "smb", "QuickBooks Online"),
    ("Coastal Craft Spirits", "coastalcraftspirits.com", "smb", "QuickBooks Online"),
    ("Everline Solar", "everlinesolar.com", "mid-market", "NetSuite"),
]

FIRST_NAMES = [
    "Sam", "Lee", "Maya", "Omar", "Rachel", "Diego", "Hannah", "Kwame", "Ingrid", "Carlos", "Aisha", "Ben",
    "Chloe", "Dmitri", "Elena", "Farah", "Graham", "Hiro", "Isabel", "Jonah", "Keiko", "Lars", "Mónica",
    "Nate", "Olivia", "Pavel", "Quinn", "Rosa", "Sanjay", "Tessa", "Uma", "Victor", "Wen", "Yusuf", "Zoë",
    "José", "Siobhán", "Björn", "Amara", "Colin", "Deepa", "Ethan", "Fiona", "Gustavo", "Helena", "Ivan",
]
LAST_NAMES = [
    "Patel", "Wong", "Okonkwo", "Haddad", "Kim", "Álvarez", "Schmidt", "Mensah", "Larsen", "Moreno",
    "Rahman", "Fischer", "Dubois", "Ivanov", "Rossi", "Karimi", "MacLeod", "Tanaka", "Ortiz", "Brennan",
    "Sato", "Nilsson", "García", "Walsh", "Bennett", "Novak", "Adeyemi", "Costa", "Iyer", "Lindqvist",
    "O'Connor", "Müller", "Reyes", "Chowdhury", "Hughes", "Sokolov", "Ferreira", "Doyle", "Nakamura",
]
PROSPECT_TITLES = {
    "smb": ["Owner", "Office Manager", "Bookkeeper", "Operations Manager", "Finance Manager"],
    "mid-market": ["Controller", "AP Manager", "Director of Finance", "Assistant Controller", "VP Finance"],
    "enterprise": ["AP Director", "Corporate Controller", "VP Finance Operations", "Procurement Lead",
                   "IT Security Manager", "Shared Services Manager"],
}

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TIMES = ["ten", "eleven", "one", "two", "two thirty", "three", "four", "nine thirty"]

# ------------------------------------------------------------------------- opening, small talk, logistics
# Openers carry the kind of answer they expect ("audio", "thanks" or "hello").
REP_OPENERS = [
    ("Hi {first}, thanks for making the time today.", "thanks"),
    ("Hey {first}, good to meet you. Thanks for jumping on.", "thanks"),
    ("Hi {first}! Can you hear me okay?", "audio"),
    ("Hey {first}, how's it going? Thanks for taking the call.", "thanks"),
    ("Good morning {first}, or, uh, afternoon I guess for you.", "hello"),
    ("Hi {first}, {rep} from Brightlane. Is the audio alright on your end?", "audio"),
    ("Hey, hi {first}. Sorry, I was just finishing up another call. Thanks for waiting.", "thanks"),
    ("Hey {first}! Hope your week's going okay so far.", "hello"),
    ("Hi there {first}, can you see and hear me alright?", "audio"),
    ("Hi {first}, good to see you. How are things?", "hello"),
]
PROSPECT_GREETINGS = {
    "audio": [
        "Hi, yeah, I can hear you fine.",
        "Hi, yes, you're coming through loud and clear.",
        "Hello! Yeah, I can hear you. Can you hear me?",
        "Yep, all good. Sorry, give me one sec, I'm just closing my other window. Okay, I'm here.",
        "Yeah, I can see you. The video's a little choppy but the audio's fine.",
    ],
    "thanks": [
        "Hey, no problem. Good to meet you too.",
        "Sure, happy to. It's been a crazy week.",
        "Of course. Sorry I'm a couple minutes late.",
        "No worries at all, thanks for having me.",
        "Hey, yeah, no problem. I've got about thirty minutes.",
    ],
    "hello": [
        "Hey, doing well, thanks. Busy, but well.",
        "Ha, afternoon, yeah. All good, thanks.",
        "Hi! Yeah, all good here. Just grabbed a coffee.",
        "Good, good. Surviving, you know how it is.",
        "Hey. Not bad, thanks. Long week already.",
    ],
}
# Small talk as (rep line, possible prospect answers).
SMALL_TALK = [
    ("How was your weekend?", ["It was good, thanks, pretty quiet.", "Too short, ha. But good."]),
    ("Are you guys getting all that snow out there?",
     ["Ha, yeah, the weather's been brutal.", "Not much, actually, we got lucky this time."]),
    ("Where are you based, by the way?",
     ["We're just outside Columbus.", "I'm in Portland, the rest of the team is in Boise."]),
    ("Sorry, my dog might bark at some point, he's got opinions about the mail carrier.",
     ["Ha, no worries, mine does the same thing.", "Ha, totally fine, mine's asleep under the desk."]),
    ("I need another coffee before this one, ha.",
     ["Yeah, totally, same here.", "Ha, I'm on my third already."]),
    ("Did you get any time off recently?",
     ["A long weekend, it was nice. Feels like forever ago already.", "Not really, ha. Maybe in the summer."]),
    ("Busy time of year for you guys?",
     ["Yeah, it's been one of those weeks, you know.", "Tell me about it."]),
    ("Sorry, you cut out for a second there. Could you say that again?",
     ["Sorry, yeah, can you hear me now? I switched to my headphones.", "Oh, sorry. I just said it's been busy."]),
    ("Is that a new office behind you?", ["Ha, no, that's my kitchen.", "Yeah, we just moved in last month."]),
]
REP_AGENDA = {
    "discovery": [
        "So the plan for today is mostly to learn how your AP process works and see if there's a fit.",
        "I'd love to spend most of the time hearing about your process, and then I can show a little at the end.",
        "Okay, so, um, I mostly want to understand what's going on in AP today. Sound good?",
        "Quick agenda, I'll ask a bunch of questions, you stop me whenever, and we'll figure out next steps.",
    ],
    "demo": [
        "Let me share my screen, one sec. Can you see it?",
        "Okay, let me just pull up the demo environment. Can you see my screen?",
        "So I'll share my screen and walk you through an invoice from start to finish. Is it showing up?",
        "Give me one second to share. Is it showing the dashboard on your side?",
    ],
    "negotiation": [
        "So I wanted to walk through the proposal I sent over and, you know, see where we landed.",
        "Thanks for getting back to me on the proposal. Let me pull it up so we're looking at the same thing.",
        "Okay, so today is mostly about the order form and the terms. Does that work?",
        "I know your team had some notes on the proposal, so let's go through them.",
    ],
}
PROSPECT_AGENDA_OK = {
    "generic": [
        "Sounds good.",
        "Yeah, that works for me.",
        "Sure, go for it.",
        "Perfect, yeah.",
        "Works for me. I've got a hard stop at the half hour though.",
    ],
    "screen": [
        "Yep, I can see it.",
        "Okay, yep, it's showing the dashboard.",
        "Yes, I see it. A bit small, but fine.",
        "Hang on, it's loading. Okay, got it.",
    ],
}
# (rep starts, prospect interrupts, rep resumes): a connection hiccup mid-call.
INTERRUPTIONS = [
    ("So what we usually see with teams like yours is, um—", "Sorry, you froze for a second there.",
     "Sorry about that, my wifi is acting up. Can you hear me okay now?"),
    ("And the other thing I wanted to—", "Oh, sorry, go ahead.", "No, all good, you go first. What were you going to say?"),
    ("So if we look at the, uh—", "Sorry, I think you cut out. Can you say that again?",
     "Yeah, sorry, let me back up a second. Is that better?"),
    ("Right, and so the—", "Oh sorry, I was on mute. Go ahead.", "No worries at all. Where was I."),
]

# ------------------------------------------------------------------------------------------ discovery
# (rep question, possible prospect answers). Answers describe the situation; none of them is an objection.
DISCOVERY_QA = [
    ("How many invoices are you processing in a typical month?",
     ["We do maybe two thousand invoices a month, across three entities.",
      "We're about eight hundred invoices a month, mostly freight and utilities.",
      "Um, I'd have to check, but I think it's around fifteen hundred? It spikes at quarter end."]),
    ("Walk me through what happens when an invoice comes in today.",
     ["Um, so invoices come into a shared inbox, someone prints them, and then it's, you know, a paper chase.",
      "Right now we key every invoice into {erp} by hand, and then it goes out for approval by email."]),
    ("Who's involved in approvals right now?",
     ["Department heads, mostly, and anything over ten thousand goes to our CFO.",
      "So the managers approve by replying to an email, and then we, um, we screenshot it for the file."]),
    ("And you're on {erp}, right? How's that going?",
     ["Yeah, {erp}. It's fine as a ledger, but the AP side is really manual.",
      "It's okay. We've been on it about five years, so everyone knows it."]),
    ("What does month-end close look like for your team?",
     ["Month-end close takes us about eight days, which is, yeah, too long.",
      "It's me and two AP clerks, and honestly we're drowning at month end."]),
    ("What made you take this call now, like, what changed?",
     ["We're growing fast, we opened four new locations, and the invoice volume just doubled.",
      "Our auditors flagged approvals as a weak spot last year."]),
    ("If you could fix one thing in AP tomorrow, what would it be?",
     ["Honestly the biggest thing is visibility, I never know what's sitting in someone's inbox.",
      "The PO matching. A lot of that is done in a giant spreadsheet."]),
    ("How are you tracking approvals at the moment? Email, spreadsheets?",
     ["Email, mostly, and a shared spreadsheet that nobody keeps up to date.",
      "Approvals are mostly email, so stuff gets lost in inboxes all the time."]),
    ("How big is the AP team today?",
     ["Three people, plus me part of the time.",
      "It's two full-time clerks, and one of them knows how everything works. She's going on leave in June."]),
    ("Got it. And how do you handle invoices that don't match the PO?",
     ["Honestly, someone walks over to purchasing and asks. It's very manual.",
      "We paid a couple of duplicate invoices last year because of that, which was pretty embarrassing."]),
    ("What does, um, what does success look like for you six months from now?",
     ["Closing in four or five days instead of eight, and not living in my inbox.",
      "Getting my team out of data entry so they can actually do analysis."]),
    ("Have you looked at any other tools for this, or is this the first one?",
     ["This is the first one we're really looking at.",
      "We looked at a couple of things last year but nothing stuck."]),
]
REP_ACKS = [
    "Got it, that's really helpful.",
    "Yeah, that makes sense.",
    "Okay. That's super common, honestly.",
    "Mm-hm, I hear that a lot.",
    "Right, okay.",
    "Interesting. Okay.",
    "Yeah, that sounds painful.",
]

# ----------------------------------------------------------------------------------- pillar claims
# Faithful paraphrases of the approved statements (one sentence each).
CLAIMS_FAITHFUL = {
    SPEED: [
        "Most of our customers cut invoice processing time by about sixty percent.",
        "So, um, on average teams see processing time drop by 60 percent once they're live.",
        "The capture is about ninety-eight percent accurate at the field level, so your team mostly just reviews.",
        "Each invoice gets routed to the right approver in minutes instead of sitting around for days.",
        "A typical invoice ends up taking under three minutes of anyone's time, start to approval.",
        "We pull the invoice data out automatically, and it's right about 98 percent of the time per field.",
        "What you should expect is roughly a sixty percent cut in the time your team spends per invoice.",
        "Approvals that take days today usually take minutes, because it goes straight to the right person.",
    ],
    ERRORS: [
        "It flags duplicate invoices before they get paid, so that embarrassing double payment just doesn't go out.",
        "The two- and three-way matching against your POs and receipts happens automatically.",
        "Customers typically reduce payment errors by about eighty percent in the first year.",
        "Every invoice has a full audit trail, who approved what and when, which your auditors will love.",
        "If an invoice doesn't match the PO or the receipt, it gets held automatically instead of paid.",
        "On average our customers see payment errors go down 80 percent in year one.",
    ],
    ERP: [
        "We have native two-way sync with {erp}, so nothing gets keyed in twice.",
        "Most teams are live in thirty days or less, and you get a dedicated onboarding specialist.",
        "It's not an IT project, honestly, your finance team sets it up with our help.",
        "Your vendors, GL codes and POs stay in sync with {erp} every fifteen minutes.",
        "We integrate natively with NetSuite, Sage Intacct, QuickBooks Online and Business Central.",
        "Typically it's about thirty days to go live, with one onboarding person from our side the whole way.",
    ],
    SECURITY: [
        "We're SOC 2 Type II certified, and I can send the report over under NDA.",
        "There's a 99.9 percent uptime SLA in the contract.",
        "Everything is encrypted in transit and at rest.",
        "You get single sign-on with Okta, Entra ID or Google, plus role-based permissions.",
        "We have the SOC 2 Type II report ready to share once the NDA is signed.",
        "We back the service with a ninety-nine point nine percent uptime SLA.",
    ],
}
# Distortions of the same claims (numbers inflated, guarantees invented, absolutes).
CLAIMS_DISTORTED = {
    SPEED: [
        "Honestly, we cut processing time by ninety percent, easily.",
        "The capture is a hundred percent accurate, it never misreads an invoice.",
        "Approvals are instant, like, literally zero wait time.",
        "We guarantee you'll cut processing time in half in the first month.",
        "An invoice takes maybe ten seconds of anyone's time, tops.",
        "It's ninety-nine percent touchless, nobody on your team even looks at invoices anymore.",
    ],
    ERRORS: [
        "It eliminates payment errors completely, you'll never have one again.",
        "You will never pay a duplicate invoice again, that's guaranteed.",
        "It's literally impossible to pay the wrong amount once you're on it.",
        "Customers see errors drop like ninety-five, ninety-nine percent right away.",
        "The matching never fails, it catches a hundred percent of mismatches.",
    ],
    ERP: [
        "We integrate with every ERP out there, doesn't matter which one.",
        "You'll be live in a week, I guarantee it.",
        "Zero setup on your side, it's plug and play, nobody lifts a finger.",
        "It syncs with {erp} in real time, instantly, every single change.",
        "The integration never breaks, it just works, every time.",
    ],
    SECURITY: [
        "We have a hundred percent uptime, it literally never goes down.",
        "Honestly it's basically unhackable.",
        "We have every certification you could possibly ask for.",
        "We guarantee your data can never be breached.",
        "Our uptime is guaranteed at a hundred percent, no exceptions.",
    ],
}
# Claims the copy never makes: capabilities, integrations, competitor bashing.
UNBACKED_CLAIMS = [
    "We also integrate natively with Salesforce and SAP, so that's covered too.",
    "Our AI catches fraud before it happens, it basically predicts it.",
    "We're twice as fast as Ledgerwise, that's just a fact.",
    "Invoxa's capture is honestly a joke, their customers come to us all the time.",
    "We can do multi-currency FX hedging right inside the product.",
    "There's a mobile app so your managers can approve from the beach, ha.",
    "We'll build any custom integration you need, free of charge.",
    "It forecasts your cash flow for the next twelve months automatically.",
    "Ledgerwise is losing customers to us every single week.",
    "We handle sales tax and VAT filing for you as well.",
    "Invoxa is basically held together with duct tape, I wouldn't trust it.",
    "It'll do your whole month-end close for you, reconciliations and all.",
]
# Competitor bashing used as a reply to competitor objections (also unbacked).
UNBACKED_COMPETITOR = [
    "Honestly, Ledgerwise is twice as slow as us, everybody in the industry knows it.",
    "Invoxa's product is years behind ours, they don't even have real matching.",
    "Ledgerwise customers switch to us all the time because their support is terrible.",
    "Look, Invoxa is cheap because it's half-built, that's the real story.",
]
CLAIM_LEADS = [
    "Yeah, so.",
    "Great question.",
    "So this is where it gets good.",
    "Right, so, um.",
    "Let me show you this part.",
    "Okay, so here's the thing.",
    "Yeah, totally.",
    "So, big picture.",
    "Sure.",
    "And, um, the other piece.",
]
CLAIM_TAILS = [
    "Does that make sense?",
    "I can pull up a case study if that helps.",
    "Any questions on that?",
    "That's usually the part people care about most.",
    "Does that match what you'd want?",
    "I'll put that in the follow-up email too.",
]
PROSPECT_BACKCHANNEL = ["Mm-hm.", "Okay.", "Sure.", "Yeah, go ahead.", "Uh-huh.", "Yep."]
PROSPECT_REACTIONS = [
    "Okay, interesting.",
    "Mm-hm.",
    "That would be huge for us, honestly.",
    "Okay, that's helpful.",
    "Huh. Okay.",
    "Right, got it.",
    "Nice. Yeah, that's the kind of thing we need.",
    "Yeah, makes sense.",
    "Oh wow, okay.",
    "Cool. And, um, that's out of the box?",
    "Got it, thanks.",
    "Okay, I like that.",
]

# ---------------------------------------------------------------------------------- objections
OBJECTIONS = {
    "price": [
        "Honestly, the price is more than we budgeted for this year.",
        "That's, um, that's a lot higher than what we were expecting to pay.",
        "I mean, it's— we're a small team, and that number is hard to justify for us.",
        "We just don't have the budget for another tool right now.",
        "The per-invoice fee adds up really fast at our volume, it gets expensive.",
        "I'm gonna be honest, my CFO is gonna choke on that number.",
        "Yeah the, uh— the cost. The cost is kind of the sticking point for us.",
        "It's too expensive for what we'd actually use, I think.",
        "At that price it's a, you know, a tough sell internally.",
    ],
    "timing": [
        "We're right in the middle of year-end close, so now is really not a good time.",
        "Honestly this isn't a priority until, like, Q3 at the earliest.",
        "We've got an ERP migration going on, so we can't take on anything else this quarter.",
        "Can we, um, can we revisit this in a few months? There's just a lot going on.",
        "My team is stretched thin right now, we don't have the bandwidth to roll out something new.",
        "Timing-wise it's tough, we just froze new projects until the summer.",
        "I don't think we'd be ready to start before the audit wraps up.",
        "It's kind of a next-year thing for us, to be honest.",
    ],
    "authority": [
        "I'm not the one who signs off on this, our CFO would have to approve it.",
        "Anything over fifty thousand has to go through procurement, and that takes a while.",
        "I'd need to, uh, loop in our controller before we go any further.",
        "Honestly I like it, but it's not my call, the steering committee decides.",
        "We'd need buy-in from the board for a spend like this.",
        "Our VP of Finance hasn't seen any of this yet, and she's, um, pretty skeptical of new tools.",
        "I can't commit to anything without my boss, she's back next week.",
        "There's a— we have a whole vendor approval process, and I don't control that part.",
    ],
    "need": [
        "I'm not sure we have enough invoice volume to really need this.",
        "Our current process works okay, honestly, it's not broken.",
        "We only do, what, maybe two hundred invoices a month? It feels like overkill.",
        "I don't really see the problem this solves for us, to be honest.",
        "It's, um— a lot of this we kind of already handle in the ERP.",
        "I'm not convinced the team would actually use it, they like the way they do things.",
        "It feels like a nice-to-have more than a must-have for us.",
        "We're not really feeling the pain you're describing, I think.",
    ],
    "competitor": [
        "We already use Ledgerwise for this, and switching seems like a lot of work.",
        "Invoxa gave us a demo last week and, um, honestly they seemed pretty similar.",
        "Our ERP has an AP module built in, so why wouldn't we just use that?",
        "We've done it in spreadsheets for years and it, you know, it gets the job done.",
        "I mean we're— we're kind of locked into Ledgerwise until the renewal.",
        "Our outsourced bookkeeping firm already handles most of this for us.",
        "Why would we go with you over Invoxa? They're the bigger name.",
        "Honestly, the way we do it now is fine for most of the team, they're used to it.",
    ],
    "trust": [
        "You're a pretty young company, how do I know you'll still be around in three years?",
        "I'm worried about, um, what happens if the scanning gets something wrong and we overpay.",
        "We got burned by an automation tool before, it never worked like the demo.",
        "I don't know anyone else using this, and that makes me nervous.",
        "Honestly it sounds a little too good to be true.",
        "What if it— like, if it breaks during close? That's a huge risk for us.",
        "I'd want to talk to a customer our size before I believe those numbers.",
        "My concern is we rip out our process and then it, you know, doesn't deliver.",
    ],
    "implementation": [
        "Our {erp} instance is super customized, I'm worried the integration won't handle it.",
        "Who on our side has to do the setup? Because we don't have IT resources for this.",
        "We have, um, like four entities and two ledgers, so the integration part scares me a bit.",
        "Migrating all our historical data sounds like a nightmare.",
        "Thirty days sounds optimistic, our last rollout took six months.",
        "I'm worried about training, half my clerks aren't very technical.",
        "The integration with our, uh— our homegrown PO system, I don't see how that works.",
        "Honestly the rollout effort is my biggest worry, we can't afford downtime in AP.",
    ],
    "contract": [
        "We can't do a three-year term, we'd need something annual at most.",
        "Legal is going to push back on the auto-renewal clause, for sure.",
        "Your liability cap is way too low for us, legal won't sign that.",
        "We need the right to terminate for convenience, that's a, um, a hard requirement.",
        "The redlines on the MSA are gonna take a while, legal didn't love the indemnity section.",
        "We'd need a price lock on renewal, otherwise it's a no from procurement.",
        "Your data processing addendum doesn't match our template, that's gonna be an issue.",
        "I— we can't sign with that payment schedule, we need net sixty terms.",
    ],
    "security": [
        "Our security team is going to want a full review before we put any bank data in there.",
        "Are you— is there a SOC 2 report? Because without one it's a non-starter for us.",
        "We can't have our data leave the EU, so data residency is a real problem.",
        "Honestly, putting our bank details in a cloud tool makes our CISO really nervous.",
        "We'd need SSO and, um, proper access logs, or InfoSec won't approve it.",
        "Our infosec questionnaire is like three hundred questions, and we've killed vendors over it before.",
        "We had a breach at a provider last year, so anything touching payments gets, you know, a lot of scrutiny now.",
        "We're under SOX, so I'm worried about how the access controls hold up in an audit.",
    ],
}
OBJECTION_REPEATS = {
    "price": [
        "Sorry, going back to the price thing, I still don't see how we make it fit this year.",
        "I keep coming back to the cost, honestly, it's still too high for us.",
        "Yeah, and, um, just to be clear, the budget is still the problem.",
    ],
    "timing": [
        "But again, timing-wise, I really don't think we can start before the summer.",
        "I'm still— honestly, this quarter just isn't going to work.",
        "Going back to timing, we really can't start in the middle of close.",
    ],
    "authority": [
        "Like I said, this still has to go through the CFO, it's not up to me.",
        "Again, I can't sign anything, procurement has to be involved.",
        "I'd still need to bring my controller in, I can't decide this alone.",
    ],
    "need": [
        "I'm still not convinced we need it at our volume, to be honest.",
        "Sorry, I keep coming back to it, but I'm not sure it solves a real problem for us.",
        "Again, it just feels like a nice-to-have.",
    ],
    "competitor": [
        "I still don't get why we'd switch off Ledgerwise, honestly.",
        "Going back to the ERP module, I still think we could just use what we have.",
        "Um, but again, Invoxa does most of this already.",
    ],
    "trust": [
        "Sorry, but I'm still a bit nervous about the risk here.",
        "I still want proof from someone our size before I believe the numbers.",
        "Going back to my worry, if it fails during close we're in real trouble.",
    ],
    "implementation": [
        "I'm still worried about the integration with our setup, honestly.",
        "Going back to the rollout, I really don't have people to staff it.",
        "Sorry, the data migration piece still scares me.",
    ],
    "contract": [
        "And again, legal is not going to accept the auto-renewal.",
        "Going back to the terms, the liability cap is still a problem.",
        "I still need that termination clause or we're stuck.",
    ],
    "security": [
        "Sorry, back to security for a sec, our CISO still needs the full review.",
        "I still need the data residency question answered before anything else.",
        "Again, InfoSec won't move until they've done their review.",
    ],
}
OBJECTION_LEADINS = [
    "Okay.", "Yeah, makes sense.", "Hm.", "So, um.", "Look.", "Yeah.", "I hear you.", "Right.",
    "Okay, so.", "Sure, but.",
]

# Rep prompts that invite the prospect's concerns before an objection (no claims in them).
OBJECTION_PROMPTS = {
    "price": ["And how are you thinking about budget for something like this?",
              "Did you get a chance to look at the pricing I sent?",
              "How does the number look on your side?"],
    "timing": ["What kind of timeline did you have in mind?", "When would you ideally want to get started?",
               "How does the timing look for your team?"],
    "authority": ["Who else would be involved in the decision?", "What does the approval process look like on your end?",
                  "Is there anyone else we should bring into this?"],
    "need": ["Does that sound like something your team would actually use?", "How does that compare to what you need?",
             "Be honest, does this feel like a fit so far?"],
    "competitor": ["Are you looking at anything else right now?", "How does this compare to what you're doing today?",
                   "What would make you switch from your current setup?"],
    "trust": ["How does that sound so far?", "What would you need to see to feel confident about this?",
              "Any concerns so far? Happy to go deeper on anything."],
    "implementation": ["How do you feel about the rollout side of things?", "Any questions on how the setup works?",
                       "Who on your side would own the project?"],
    "contract": ["Any questions on the order form?", "Did legal get a chance to look at the paperwork?",
                 "How did the terms land with your team?"],
    "security": ["Anything your IT or security team will want to see?", "Will this need a security review on your side?",
                 "Are there any compliance requirements we should know about?"],
    "repeat": ["Anything else on your mind before we wrap up?", "Anything I didn't cover?",
               "Before we talk next steps, any open questions?"],
}

# Good replies acknowledge, reframe and ask; weak replies dismiss, discount or dodge.
GOOD_REPLIES = {
    "price": [
        "Totally fair. Can I ask what you're spending today in clerk hours and late fees? Usually that's where the number comes from.",
        "That makes sense. Let's build the business case together with your actual volumes, and if it doesn't pay back in year one we shouldn't do it.",
        "I hear you. We could also start with one entity and expand, which brings the first-year number down quite a bit.",
        "Understood. What number would you need to see to take it to your CFO? Let's work backwards from that.",
    ],
    "timing": [
        "That's fair, I don't want to land this on your team at a bad moment. What if we plan the kickoff for after things calm down?",
        "Makes sense. Can I ask what's driving the timing? If the cost of waiting is another quarter of manual entry, it might be worth a look at the numbers.",
        "Totally get it. Why don't we map out a timeline now, so when things free up you're ready to go without a scramble.",
        "Understood. Is there a smaller first step, like a pilot on one entity, that wouldn't need much of your team's time?",
    ],
    "authority": [
        "Makes sense. Would it help if I put together a one-pager for them, and we set up thirty minutes together?",
        "Totally. What does that approval process look like, so we can plan around it rather than get stuck?",
        "Of course. Who else would need to weigh in? I'd rather get everyone in one room early than surprise them later.",
        "Good to know. What do they usually care most about, so we focus the next call on that?",
    ],
    "need": [
        "Fair enough. Can I ask how many hours a week your team spends keying and chasing approvals? Let's see if it's actually worth it.",
        "That's totally possible, and if it's not a fit I'll tell you. What happens today when an invoice gets stuck?",
        "Understood. A lot of teams your size felt the same until they added up the month-end overtime. Want to run the numbers together?",
        "Makes sense. What would have to be true for this to be a must-have rather than a nice-to-have?",
    ],
    "competitor": [
        "That's fair, switching has a real cost. What's working well with your current setup, and what isn't?",
        "Good that you're comparing. Would a side-by-side on last month's invoices help? Then you're comparing on your own data.",
        "Totally. Whatever you use today, the question is usually how approvals and matching hold up at month end. How's that going for you?",
        "Makes sense. What would the other option need to do better for you to stay put? That tells us both a lot.",
    ],
    "trust": [
        "Completely fair. I can connect you with two customers your size, and you can ask them anything without me on the call.",
        "That's a reasonable worry. Nothing gets paid without a human approving it, so a bad payment can't just slip out.",
        "I get it. Has something like this gone wrong for you before? I want to make sure we don't repeat it.",
        "That's fair. We can do a paid pilot on real invoices first, so you see the numbers on your own data before committing.",
    ],
    "implementation": [
        "Totally fair. Our team does the heavy lifting, your side is usually a few hours a week from one person.",
        "That's a fair worry. Can we get our solutions engineer on a call with whoever owns {erp}, so you see exactly how the mapping works?",
        "Understood. We keep the first phase small, current invoices only, so the lift on your side stays manageable.",
        "Totally. We'd do the rollout between closes and run it in parallel for a cycle, so AP never goes down.",
    ],
    "contract": [
        "That's a reasonable ask. Let me take it back to our deal desk and see what we can do.",
        "Understood. Can you send over legal's redlines? I'd rather get our counsel talking to yours directly than go back and forth.",
        "Fair. A lot of customers ask for changes there, and we've found middle ground before. Let me check what I can offer.",
        "Makes sense. Which clauses matter most to legal? Let's focus there so we don't lose weeks on the rest.",
    ],
    "security": [
        "Totally expected, and we're used to it. Send the questionnaire over and I'll get our security team on it this week.",
        "Makes sense. Let's set up a call between your security team and ours so they can go through it directly.",
        "That's fair, payments data deserves scrutiny. What does your review usually look for, so we send the right documents up front?",
        "Understood. Let me get our security lead on the next call and come back to you in writing on anything open.",
    ],
}
WEAK_REPLIES = {
    "price": [
        "I mean, I can probably knock twenty percent off if you sign this week.",
        "Yeah, I hear that a lot, but honestly it's worth every penny.",
        "Hmm. Okay, well, it is what it is, that's our pricing.",
    ],
    "timing": [
        "Sure, I'll just check back in a few months then.",
        "Honestly, there's never a good time, so you might as well start now.",
        "Okay, no worries. I'll follow up later.",
    ],
    "authority": [
        "Okay, well, can you just forward the proposal to them?",
        "Hmm, can't you just make the call yourself?",
        "Sure, let me know what they say.",
    ],
    "need": [
        "Oh, trust me, you need it.",
        "Everyone says that until they try it.",
        "Well, um, okay. I mean it's up to you.",
    ],
    "competitor": [
        "Honestly, I wouldn't worry about that.",
        "Yeah, well, you get what you pay for.",
        "I mean, sure, if you're happy with how things are.",
    ],
    "trust": [
        "Don't worry about it, it'll be fine.",
        "I promise you, it works.",
        "Honestly, you'll be fine, trust me.",
    ],
    "implementation": [
        "Oh, that's easy, don't worry about it.",
        "Hmm, I'm not sure, I'd have to ask someone.",
        "It's usually fine. We'll figure it out once you sign.",
    ],
    "contract": [
        "Let's not worry about legal yet, we can sort that out later.",
        "Those are our standard terms, we don't really change them.",
        "Honestly legal always does that, just tell them it's standard.",
    ],
    "security": [
        "Oh, security is never a problem for us.",
        "Hmm, yeah, I'd have to find out who handles that.",
        "Honestly, your data is totally safe, I wouldn't worry about it.",
    ],
}
# The pillar whose evidence a good reply may add (the rep's style decides faithful vs distorted).
REPLY_PILLAR = {"price": SPEED, "need": SPEED, "competitor": ERRORS, "trust": ERRORS,
                "implementation": ERP, "timing": ERP, "security": SECURITY}
PROSPECT_AFTER_GOOD = [
    "Okay, that helps.",
    "Yeah, that would actually be useful.",
    "Okay. Let me think about that.",
    "That's fair. Send me that and I'll take a look.",
    "Hm, okay, I hadn't thought about it that way.",
    "Alright, yeah, let's do that.",
]
PROSPECT_AFTER_WEAK = [
    "Hm. Okay.",
    "Right.",
    "I mean, sure.",
    "Okay, I guess.",
    "Yeah, we'll see.",
    "Uh, okay.",
]

# Prospect lines that look like objections to a keyword matcher but are not, tagged by the category they
# resemble, each with the rep's answer: (prospect line, rep answer[, "reaction"]). Reactions only follow a
# rep's pitch; the others can come up anywhere.
HARD_NEGATIVES = {
    "price": [
        ("How is pricing structured, is it per invoice or per user?",
         "It's based on invoice volume. I'll send the plan sheet so you can see the tiers."),
        ("Honestly, the price seems pretty fair for what it does.", "Great, glad to hear it."),
        ("Huh, that's a good price for what you get.", "Glad you think so.", "reaction"),
        ("Budget's actually not an issue, we set money aside for this in January.",
         "Perfect, that makes things easier."),
        ("Is implementation included in the price, or is that separate?",
         "Good question, I'll break that out in the proposal."),
        ("Cool, and do you bill annually or monthly?", "Annually by default, and we can talk about quarterly."),
        ("What does the Growth plan include, price-wise?",
         "I'll send you the plan sheet right after this so you have it in writing."),
        ("That's cheaper than I expected, to be honest.", "Ha, I'll take it."),
    ],
    "timing": [
        ("Timing actually works well for us, we want this live before Q2.", "Great, that's very doable."),
        ("No rush on our side, take your time with the proposal.", "Thanks, I'll have it over by end of week."),
        ("What does a typical timeline look like from signing to go-live?",
         "I'll send over a sample project plan so you can see it week by week."),
        ("Good timing, actually, we just finished our audit.", "Oh nice, congrats on getting through it."),
    ],
    "authority": [
        ("I'm the one who signs off on this, so you're talking to the right person.", "Perfect, good to know."),
        ("I'll loop in our controller, she's going to love this.", "Great, happy to walk her through it."),
        ("Who else on your side would we be working with?",
         "Mostly me, plus a project lead once you're live."),
    ],
    "need": [
        ("Yeah, that's exactly the problem we have.", "Yeah, you're definitely not alone there.", "reaction"),
        ("That's the part we really need, honestly.", "Good, then let's make sure we spend time on it.",
         "reaction"),
    ],
    "competitor": [
        ("We looked at Ledgerwise a while back but never went anywhere with it.", "Got it, thanks for the context."),
        ("Does it work with {erp}?", "Yep, it does. I'll show you how in a bit."),
        ("Which ERPs do you connect to besides {erp}?", "I'll send you the full list after the call."),
    ],
    "trust": [
        ("Makes sense, that's reassuring.", "Good. And stop me any time if something doesn't add up.", "reaction"),
        ("Can you send me a couple of customer references?", "Absolutely, I'll line up two this week."),
    ],
    "implementation": [
        ("What does onboarding look like week by week?", "I'll share the onboarding plan, it's very concrete."),
        ("Do you support Sage Intacct?", "We do, yes."),
        ("Our IT guy said the integration looked straightforward.", "Great, love to hear that."),
    ],
    "contract": [
        ("Can you send over the MSA so legal can take a look?", "Yep, I'll send it today."),
        ("Annual is fine with us.", "Perfect, I'll set it up that way."),
    ],
    "security": [
        ("We're fully cloud already, so security reviews are usually quick for us.", "Great, that helps a lot."),
        ("Can you send the SOC 2 report over when you get a chance?",
         "Sure, I'll get that over to you."),
        ("Where is the data hosted, just out of curiosity?", "Good question, I'll confirm the details in writing."),
    ],
    "smalltalk": [
        ("No problem at all.", "Thanks."),
        ("Sorry, my kid just walked in. Okay, I'm back.", "Ha, no worries at all."),
        ("Can you hear me okay? My headset keeps dying.", "Yep, I can hear you fine now."),
        ("Sorry, one sec, someone's at the door. Okay, go on.", "No problem."),
    ],
}

# ------------------------------------------------------------------------------- next steps, closing
# (rep line, possible prospect answers). {day}/{time} are fixed per call, {day2} is another weekday.
NEXT_STEPS = [
    ("So for next steps, does {day} at {time} work for a follow-up?",
     ["{day} works.", "Can we do {day2} morning instead?", "{day} at {time} is fine."]),
    ("Can I grab thirty minutes on {day} to walk the rest of the team through it?",
     ["Let me check with the team and get back to you.", "Yeah, {day} should work."]),
    ("I'll send over a recap and the deck right after this. Can we pencil in {day} for the next step?",
     ["Sounds good, I'll keep an eye out for it.", "Sure, {day} is fine."]),
    ("Let me check my calendar real quick. How does {day} look for you?",
     ["{day} afternoon is good.", "{day} is packed, {day2} would be better."]),
    ("I'll put together the updated proposal and get it over to you by {day}.",
     ["Great, thanks.", "Perfect, I'll share it with the team."]),
    ("I'll loop in our solutions engineer for the next call, is {day} at {time} okay?",
     ["Yeah, send the invite to me and I'll forward it.", "{day} at {time} works."]),
    ("What's the best way to get time with your team, should I just send a couple of options?",
     ["Sure, just send a few options.", "Yeah, send options and I'll pick one."]),
]
CLOSINGS_REP = [
    "Awesome. Thanks so much for the time, {first}, talk soon.",
    "Great, I'll send that invite. Have a good rest of your day.",
    "Perfect. Thanks, {first}. Enjoy the rest of your week.",
    "Thanks, really appreciate it. Talk {day}.",
    "Great call, thanks {first}. I'll follow up by email.",
]
CLOSINGS_PROSPECT = [
    "Thanks, you too. Bye.",
    "Sounds good, talk soon.",
    "Thanks, bye.",
    "Great, thanks. Take care.",
    "Appreciate it, bye now.",
]

# Vague enthusiasm with no checkable claim (the "sparse" rep leans on these instead of the pillars).
VAGUE_PITCH = [
    "Honestly, it's a really powerful platform.",
    "Our customers just love it, to be honest.",
    "It makes AP so much easier, like, night and day.",
    "It's super intuitive, your team will pick it up fast.",
    "There's a ton you can do with it, we could spend hours here.",
    "It's really flexible, it kind of adapts to how you work.",
]
