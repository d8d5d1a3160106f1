"""The web UI with auth on, in headless Chromium: sign in with a key, writes need the CSRF token."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui.browser import Web
from textops.store import Store

FETCH = """async ([withToken]) => {
  const headers = {"Content-Type": "application/json"};
  if (withToken) headers["X-CSRF-Token"] = document.querySelector('meta[name="csrf-token"]').content;
  const body = JSON.stringify({name: withToken ? "with-token" : "no-token"});
  const r = await fetch("/v1/corpora", {method: "POST", headers, body});
  return [r.status, await r.json()];
}"""


@pytest.mark.slow
def test_sign_in_with_a_key_and_csrf_on_writes(
    store: Store,
    web: Web,
) -> None:
    server = web.serve(auth_enabled=True)
    _info, secret = store.create_key(store.workspace("default"), "write", "ui-test")
    page = web.open_page(server)

    page.goto("/ui/objections")
    page.wait_for_url(re.compile(r"/ui/login\?next=%2Fui%2Fobjections$"))
    expect(page.locator("#auth-off-banner")).to_have_count(0)
    page.fill("#api-key", "tx_not-a-real-key")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("unknown or has been revoked")
    web.shots(page, "login-error", full_page=False)

    page.fill("#api-key", secret)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/objections$"))
    expect(page.locator("header .who")).to_contain_text("default · write")

    # a write from the page's own form (it sends the CSRF token) works
    page.goto("/ui/")
    page.fill("#corpus-name", "signed-in-corpus")
    page.click("#new-corpus button[type=submit]")
    expect(page.locator("#corpora-table")).to_contain_text("signed-in-corpus")
    web.shots(page, "signed-in")

    # the same cookie without the token is refused; with it, accepted
    status, body = page.evaluate(FETCH, [False])
    assert status == 403 and body["error"]["code"] == "csrf_failed"
    status, body = page.evaluate(FETCH, [True])
    assert status == 201 and body["name"] == "with-token"
    names = [c.name for c in store.list_corpora(store.workspace("default"))]
    assert "no-token" not in names and {"signed-in-corpus", "with-token"} <= set(names)

    # signing out forgets the key: pages send you to sign in again
    page.click('[data-action="sign-out"]')
    page.wait_for_url(re.compile(r"/ui/login"))
    page.goto("/ui/experiments")
    page.wait_for_url(re.compile(r"/ui/login\?next="))
    assert page.outside == []
    # the only errors are the answers this test provoked (401 on the wrong key, 403 without the token)
    assert all("401" in e or "403" in e for e in page.errors), page.errors
