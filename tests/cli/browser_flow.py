"""The sign-up flow in headless Chromium, driven over the DevTools protocol: open the blog, fill
the form and press Sign up, read the confirmation mail the SMTP sink kept, open its link, press
the confirm button. Usage: browser_flow.py SITE_URL MAIL_DIR EMAIL. Prints what each page said;
exits non-zero at the first step that does not happen."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

from websockets.sync.client import connect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class Browser:
    def __init__(self):
        self.profile = tempfile.TemporaryDirectory()
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self.proc.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                break
        else:
            sys.exit("chromium did not start")
        self.ws = connect(match.group(1), max_size=None)
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv(timeout=30))
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    sys.exit(f"{method}: {reply['error']}")
                return reply["result"]

    def js(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session)
        return result["result"].get("value")

    def wait_for(self, expression, what):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.js(expression):
                return
            time.sleep(0.1)
        sys.exit(f"never happened: {what}; the page says: {self.js('document.body && document.body.innerText')}")

    def open(self, url):
        self.call("Page.navigate", {"url": url}, self.session)
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'", f"open {url}")

    def close(self):
        self.ws.close()
        self.proc.kill()
        self.proc.wait()


def mail_link(folder, prefix):
    path = os.path.join(folder, "1.json")
    deadline = time.time() + 30
    while not os.path.exists(path):
        if time.time() > deadline:
            sys.exit("the confirmation mail never arrived")
        time.sleep(0.1)
    with open(path) as f:
        text = json.load(f)["text"]
    return next(word for word in text.split() if word.startswith(prefix))


def main(site, folder, email):
    browser = Browser()
    try:
        browser.open(site)
        browser.js(f"document.querySelector('#signup-email').value = {json.dumps(email)}")
        browser.js("document.querySelector('.signup button').click()")
        browser.wait_for("document.body.innerText.includes('Check your inbox')", "the answer to the sign-up")
        print("signed up:", browser.js("document.querySelector('h1').innerText"))
        link = mail_link(folder, site + "confirm?token=")
        browser.open(link)
        print("link opened:", browser.js("document.querySelector('h1').innerText"))
        browser.js("document.querySelector('form button').click()")
        browser.wait_for("document.body.innerText.includes('You are signed up')", "the confirmation")
        print("confirmed:", browser.js("document.querySelector('h1').innerText"))
    finally:
        browser.close()


main(*sys.argv[1:4])
