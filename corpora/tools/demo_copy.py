"""Campaign copy for the synthetic Brightlane demo corpus (written verbatim by build_demo.py).

The copy expresses all five pillars of messaging.json in marketing language, including "Happier suppliers",
which no rep ever mentions on a call.
"""

from __future__ import annotations

LANDING_MD = """\
---
title: Brightlane AP — Close the books faster
campaign: Close Faster 2026
channel: web
doc_type: landing_page
---

# Close the books faster with Brightlane AP

Stop keying invoices. Brightlane AP captures, codes, matches and routes every invoice so your team can
spend month-end on analysis instead of data entry.

[Book a 20-minute demo](https://brightlane.io/demo)

## Invoices processed in minutes, not days

Brightlane AP cuts invoice processing time by 60%. Our capture engine reads invoices with 98% field-level
accuracy, and every invoice is routed to the right approver the moment it arrives.

- Automatic capture from email, upload or scan, with 98% field-level accuracy
- Approval routing that gets invoices in front of the right person in minutes, not days
- Under 3 minutes of staff time for a typical invoice, from receipt to approval

## Stop paying the same invoice twice

Built-in controls catch problems before money leaves the account. Customers reduce payment errors by 80% in
their first year.

- Duplicate invoices flagged before they are paid
- Automatic two- and three-way matching against purchase orders and receipts
- A complete audit trail of who approved what, and when

## Works with the ERP you already have

Native two-way sync with NetSuite, Sage Intacct, QuickBooks Online and Microsoft Dynamics 365 Business
Central. Most teams go live in 30 days or less with a dedicated onboarding specialist, and no IT project
is required.

- Vendors, GL codes and purchase orders stay in sync every 15 minutes
- Set up by your finance team, with our onboarding specialist at your side

## Security your auditors can sign off on

Brightlane is SOC 2 Type II certified and backed by a 99.9% uptime SLA. Your data is encrypted in transit
and at rest, and single sign-on with Okta, Microsoft Entra ID or Google Workspace comes standard.

## Suppliers who stop calling to ask "where's my payment?"

Give every supplier a free self-service portal to check invoice and payment status, and watch supplier
inquiries to your AP team drop by half. Pay by ACH, virtual card or check from one place, and capture
early-payment discounts automatically.

## Ready to close faster?

Join finance teams who close in days, not weeks.

[Talk to sales](https://brightlane.io/contact)
"""

PRICING_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Brightlane AP pricing — plans for every AP team</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; }
    .plan { border: 1px solid #ddd; border-radius: 8px; padding: 1.5rem; }
  </style>
  <script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){ dataLayer.push(arguments); }
    gtag('js', new Date());
    console.log("pricing page loaded: this text must never appear in copy");
  </script>
</head>
<body>
  <nav class="top-nav">
    <a href="/">Brightlane</a>
    <ul>
      <li><a href="/product">Product</a></li>
      <li><a href="/pricing">Pricing</a></li>
      <li><a href="/customers">Customers</a></li>
      <li><a href="/login">Log in</a></li>
    </ul>
  </nav>
  <main>
    <header>
      <h1>Pricing that scales with your invoice volume</h1>
      <p>Every plan includes automatic capture, approval routing, duplicate detection and a dedicated
      onboarding specialist. Most teams go live in 30 days or less.</p>
    </header>

    <section id="plans">
      <h2>Plans</h2>
      <div class="plan">
        <h3>Starter</h3>
        <p>For teams processing up to 500 invoices a month. From $900 per month, billed annually.</p>
        <ul>
          <li>Automatic invoice capture with 98% field-level accuracy</li>
          <li>Approval routing in minutes, not days</li>
          <li>QuickBooks Online and Sage Intacct sync</li>
        </ul>
      </div>
      <div class="plan">
        <h3>Growth</h3>
        <p>For teams processing up to 3,000 invoices a month. From $2,400 per month, billed annually.</p>
        <ul>
          <li>Everything in Starter</li>
          <li>Two- and three-way PO matching and duplicate detection</li>
          <li>Native two-way sync with NetSuite and Microsoft Dynamics 365 Business Central</li>
          <li>Free self-service supplier portal</li>
        </ul>
      </div>
      <div class="plan">
        <h3>Enterprise</h3>
        <p>For multi-entity finance teams. Custom pricing.</p>
        <ul>
          <li>Everything in Growth</li>
          <li>Single sign-on and role-based permissions</li>
          <li>99.9% uptime SLA</li>
          <li>SOC 2 Type II report under NDA</li>
        </ul>
      </div>
    </section>

    <section id="why">
      <h2>Why finance teams switch to Brightlane</h2>
      <p>Brightlane AP cuts invoice processing time by 60% and customers reduce payment errors by 80% in
      their first year.</p>
      <p>Suppliers check invoice and payment status themselves in the supplier portal, so supplier inquiries
      drop by half.</p>
    </section>

    <section id="faq">
      <h2>Frequently asked questions</h2>
      <h3>Do I need an IT project to get started?</h3>
      <p>No. Your finance team sets Brightlane up with our onboarding specialist. There is no IT project.</p>
      <h3>Is my data secure?</h3>
      <p>Yes. Brightlane is SOC 2 Type II certified and encrypts all data in transit and at rest.</p>
      <h3>How do supplier payments work?</h3>
      <p>Pay suppliers by ACH, virtual card or check from one place, and capture early-payment discounts
      automatically.</p>
    </section>

    <template id="plan-card">
      <div class="plan"><h3>Template plan name that must never appear in copy</h3></div>
    </template>
  </main>
  <footer>
    <p>© 2026 Brightlane, Inc. All rights reserved. Privacy · Terms · Status</p>
  </footer>
  <script src="/static/analytics.js" defer></script>
</body>
</html>
"""

EMAIL_1_MD = """\
---
title: Your AP team shouldn't be re-keying invoices
campaign: Close Faster 2026
channel: email
doc_type: email
---

# Your AP team shouldn't be re-keying invoices

Hi {{first_name}},

Month-end shouldn't mean a week of typing invoice numbers into your ERP. Brightlane AP captures every
invoice automatically with 98% field-level accuracy and routes it to the right approver in minutes.

Teams like yours cut invoice processing time by 60%, and because duplicates are flagged before they're
paid, customers reduce payment errors by 80% in their first year.

- Native two-way sync with NetSuite, Sage Intacct, QuickBooks Online and Business Central
- Live in 30 days or less with a dedicated onboarding specialist
- SOC 2 Type II certified, with a 99.9% uptime SLA

Got 20 minutes next week? [Pick a time that works](https://brightlane.io/demo)

Dana Ruiz
Account Executive, Brightlane
"""

# Plain text: no line may look like "Name: text" (the reader would take the file for a transcript).
EMAIL_2_TXT = """\
Fewer supplier calls, faster close

Hi there,

Quick follow-up on my last note. Two things finance leaders tell us they want most from AP are fewer
interruptions and fewer surprises.

Fewer interruptions. With the free Brightlane supplier portal, suppliers check invoice and payment status
themselves, so supplier inquiries to your AP team drop by half. You can pay by ACH, virtual card or check
from one place and capture early-payment discounts automatically.

Fewer surprises. Duplicate invoices are flagged before they are paid, every invoice is matched against
its purchase order and receipt, and the audit trail shows who approved what and when.

And it all runs on the ERP you already have, with most teams live in 30 days or less.

If that sounds useful, reply to this email or book a time at brightlane.io/demo and I'll show you how it
would work for your team.

Thanks,
Marcus Chen
Brightlane
"""

ADS_HEADER = ["id", "campaign", "channel", "headline", "body", "cta"]
ADS = [
    ("ad-01", "linkedin", "Cut invoice processing time by 60%",
     "Brightlane AP captures, codes and routes every invoice automatically. Your team just reviews.",
     "Book a demo"),
    ("ad-02", "linkedin", "Month-end in days, not weeks",
     "Approvals in minutes, not days. See how finance teams close faster with Brightlane AP.",
     "See how it works"),
    ("ad-03", "google-search", "AP Automation for NetSuite",
     "Native two-way sync with NetSuite, Sage Intacct, QuickBooks Online and Business Central.",
     "Get pricing"),
    ("ad-04", "google-search", "Stop Paying Duplicate Invoices",
     "Duplicates flagged before they're paid. Automatic 3-way matching. 80% fewer payment errors.",
     "Start free trial"),
    ("ad-05", "meta", "Your AP team deserves better than copy and paste",
     "98% field-level accuracy on invoice capture, so nobody re-keys invoices again.",
     "Learn more"),
    ("ad-06", "linkedin", "Live in 30 days. No IT project.",
     "Your finance team sets it up with a dedicated onboarding specialist. Most teams go live in 30 days "
     "or less.", "Talk to sales"),
    ("ad-07", "display", "SOC 2 Type II. 99.9% uptime SLA.",
     "AP automation your auditors and your IT team can both sign off on.", "Download the security brief"),
    ("ad-08", "linkedin", "Suppliers asking where their payment is?",
     "Give them a free self-service portal and cut supplier inquiries in half.", "See the supplier portal"),
    ("ad-09", "google-search", "Pay Suppliers by ACH, Card or Check",
     "One place for every payment method. Capture early-payment discounts automatically.", "Get started"),
    ("ad-10", "meta", "Every approval, on the record",
     "A complete audit trail of who approved what and when, for every invoice.", "Book a demo"),
    ("ad-11", "display", "Encrypted. Single sign-on. Role-based access.",
     "Bank details and invoices protected in transit and at rest, with SSO through Okta, Entra ID or Google.",
     "Learn more"),
    ("ad-12", "linkedin", "Under 3 minutes per invoice",
     "From receipt to approval, a typical invoice takes under 3 minutes of staff time with Brightlane AP.",
     "See the demo"),
    ("ad-13", "google-search", "Accounts Payable Automation | Brightlane",
     "Cut processing time 60%, cut payment errors 80%, and go live in 30 days. Get a demo today.",
     "Book a demo"),
    ("ad-14", "meta", "Happy suppliers, quiet inbox",
     "Supplier inquiries drop by half when suppliers can check their own invoice status.", "Learn more"),
]
