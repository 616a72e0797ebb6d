//! Any bytes as a subscriber CSV (`byline subscriber import`): quotes, separators, encodings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = byline_core::transfer::subscribers_csv::parse(bytes);
});
