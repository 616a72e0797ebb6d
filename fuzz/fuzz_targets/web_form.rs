//! Any body posted to `byline serve`'s sign-up and unsubscribe forms, and any request target's
//! query: URL-decoding and field splitting never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(form) = byline_web::audience::form::parse(text) {
        let _ = form.get("email");
        let _ = form.all("tag");
    }
    let _ = byline_web::audience::form::query(text);
});
