//! A headless Chromium driven over the DevTools protocol (CDP) through a pipe: pages loaded,
//! what the page told its console, scripts evaluated, and screenshots at a size and scheme.
//!
//! Why the protocol rather than `--enable-logging=stderr`: the log's format and what it keeps
//! change between Chromium versions and headless modes, and scraping it cannot tell a console
//! error from a browser-internal one. The protocol reports each console call, uncaught exception
//! and browser-side log entry (a failed resource load, a refused stylesheet) as typed events, and
//! says when the network went quiet, so nothing depends on a sleep. `--remote-debugging-pipe`
//! needs no port and no WebSocket client: JSON messages ended by NUL on fds 3 (in) and 4 (out),
//! which `sh` wires to the child's stdin and stdout.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{Value, json};

/// The longest a single protocol answer may take before the test gives up (a guard against a
/// hung browser, not a measurement).
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// The Chromium binary: `BYLINE_CHROMIUM` if set, else Debian's `chromium` on the PATH.
pub fn chromium() -> String {
    std::env::var("BYLINE_CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

/// One browser with one tab, closed when dropped.
pub struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Console errors and warnings, exceptions and error log entries seen so far, as text.
    pub problems: Vec<String>,
}

impl Browser {
    /// Starts Chromium headless with a fresh profile in `profile`; Err says why it could not.
    pub fn launch(profile: &Path) -> Result<Browser, String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium())
            .args(["--headless=new", "--no-sandbox", "--remote-debugging-pipe", "--no-first-run"])
            .args(["--disable-gpu", "--hide-scrollbars", "--mute-audio", "--disable-background-networking"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start sh: {e}"))?;
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        let (send, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for message in BufReader::new(output).split(0) {
                let Ok(bytes) = message else { break };
                let Ok(value) = serde_json::from_slice::<Value>(&bytes) else { continue };
                if send.send(value).is_err() {
                    break;
                }
            }
        });
        let mut browser = Browser { child, input, messages, next_id: 0, session: String::new(), problems: Vec::new() };
        let target = browser.try_call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let target = target["targetId"].clone();
        let attached =
            browser.try_call(None, "Target.attachToTarget", json!({ "targetId": target, "flatten": true }))?;
        browser.session = attached["sessionId"].as_str().unwrap_or_default().to_string();
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            browser.call(domain, json!({}));
        }
        browser.call("Page.setLifecycleEventsEnabled", json!({ "enabled": true }));
        Ok(browser)
    }

    /// Sends a command to the tab and returns its result; a protocol error fails the test.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.try_call(Some(&session), method, params).unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        self.input
            .write_all(&bytes)
            .and_then(|()| self.input.flush())
            .map_err(|e| format!("{} stopped (writing {method}: {e}); is it installed?", chromium()))?;
        loop {
            let message = self.next_message(method)?;
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    return Err(format!("{method} failed: {error}"));
                }
                return Ok(message["result"].clone());
            }
        }
    }

    /// The next message, with any problem it reports noted.
    fn next_message(&mut self, waiting_for: &str) -> Result<Value, String> {
        let message = match self.messages.recv_timeout(ANSWER_WITHIN) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => return Err(format!("no answer to {waiting_for} from {}", chromium())),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(format!("{} exited while waiting for {waiting_for}", chromium()));
            }
        };
        if let Some(problem) = problem(&message) {
            self.problems.push(problem);
        }
        Ok(message)
    }

    /// Loads `url` and returns once the page loaded and the network has been idle (Chromium's
    /// own "networkIdle" lifecycle event for that load), so late requests were seen too.
    pub fn open(&mut self, url: &str) {
        let navigated = self.call("Page.navigate", json!({ "url": url }));
        assert!(navigated.get("errorText").is_none(), "loading {url}: {navigated}");
        let loader = navigated["loaderId"].clone();
        loop {
            let message = self.next_message("networkIdle").unwrap_or_else(|e| panic!("{e}"));
            if message["method"] == "Page.lifecycleEvent"
                && message["params"]["name"] == "networkIdle"
                && message["params"]["loaderId"] == loader
            {
                return;
            }
        }
    }

    /// The value of a JavaScript expression in the page (JSON-able values only).
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
        assert!(result.get("exceptionDetails").is_none(), "{expression} threw: {result}");
        result["result"]["value"].clone()
    }

    /// Lays the page out at `width` CSS pixels (a phone's touch screen when `mobile`), in the
    /// light or dark scheme (`prefers-color-scheme`).
    pub fn emulate(&mut self, width: u32, mobile: bool, dark: bool) {
        let height = if mobile { 844 } else { 900 };
        let metrics = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
        self.call("Emulation.setDeviceMetricsOverride", metrics);
        self.call("Emulation.setTouchEmulationEnabled", json!({ "enabled": mobile }));
        let scheme = if dark { "dark" } else { "light" };
        let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
        self.call("Emulation.setEmulatedMedia", json!({ "features": features }));
    }

    /// A PNG of the whole page as laid out now, written to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let metrics = self.call("Page.getLayoutMetrics", json!({}));
        let size = &metrics["cssContentSize"];
        let clip = json!({ "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1 });
        let shot = self
            .call("Page.captureScreenshot", json!({ "format": "png", "clip": clip, "captureBeyondViewport": true }));
        let png = base64_decode(shot["data"].as_str().unwrap()).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.input.write_all(b"{\"id\":0,\"method\":\"Browser.close\",\"params\":{}}\0");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a protocol event says went wrong in the page, if anything: console errors, warnings and
/// failed asserts; uncaught exceptions; the browser's own error and warning log entries (a
/// resource that did not load, a stylesheet refused for its type, a blocked request).
fn problem(message: &Value) -> Option<String> {
    let params = &message["params"];
    match message["method"].as_str()? {
        "Runtime.consoleAPICalled" if matches!(params["type"].as_str(), Some("error" | "warning" | "assert")) => {
            let args: Vec<String> = params["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a.get("value").map_or_else(|| a["description"].to_string(), Value::to_string))
                .collect();
            Some(format!("console.{}: {}", params["type"].as_str().unwrap_or(""), args.join(" ")))
        }
        "Runtime.exceptionThrown" => Some(format!("uncaught: {}", params["exceptionDetails"])),
        "Log.entryAdded" if matches!(params["entry"]["level"].as_str(), Some("error" | "warning")) => {
            let entry = &params["entry"];
            Some(format!("{} {}: {} ({})", entry["source"], entry["level"], entry["text"], entry["url"]))
        }
        _ => None,
    }
}

/// Standard base64 (with padding), as CDP sends binary data.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[test]
fn base64_decodes_padded_text() {
    assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
    assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
    assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
    assert_eq!(base64_decode("a$=="), None);
}
