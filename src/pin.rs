//! The facilitator's PIN: what a valid one is, and how it is kept.
//!
//! A locked session cannot start without a PIN (SPEC, Keys). It is stored with the session in the
//! database, so it still guards the session's menu and its unfinished responses after a crash;
//! it is stored as a salted PBKDF2-HMAC-SHA256 hash, never as the digits, so that a copy of the
//! database (a USB stick, `koe backup`) does not hand the PIN to whoever reads it.
//!
//! A PIN of 4 to 12 digits has at most 10^12 values: the hash slows a guesser down, it does not
//! stop one who has the file. What stops a guesser at the kiosk is the wait after wrong tries
//! (`tui::app::PIN_TRIES`).

use sha2::Sha256;

/// The fewest digits a PIN has.
pub const MIN_DIGITS: usize = 4;
/// The most digits a PIN has.
pub const MAX_DIGITS: usize = 12;

/// PBKDF2 rounds: a check takes a few milliseconds, a guess at every 6-digit PIN hours.
const ROUNDS: u32 = 50_000;

/// The prefix naming the scheme, so that a later koe can change it and still read these.
const SCHEME: &str = "pbkdf2-sha256";

/// What is wrong with a PIN someone chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinFault {
    /// Fewer than 4 or more than 12 characters.
    Length,
    /// Something other than the digits 0–9.
    NotDigits,
}

impl PinFault {
    /// The fault in the language `lang` (Japanese unless `en`).
    pub fn message(self, lang: &str) -> &'static str {
        match (self, lang) {
            (PinFault::Length, "en") => "a PIN has 4 to 12 digits",
            (PinFault::NotDigits, "en") => "a PIN is digits only (0-9)",
            (PinFault::Length, _) => "暗証番号は 4〜12 桁の数字です",
            (PinFault::NotDigits, _) => "暗証番号は数字（0〜9）だけです",
        }
    }
}

/// Checks that `pin` may be chosen as a session's PIN: 4 to 12 ASCII digits.
pub fn check(pin: &str) -> Result<(), PinFault> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinFault::NotDigits);
    }
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&pin.len()) {
        return Err(PinFault::Length);
    }
    Ok(())
}

/// The stored form of `pin`: `pbkdf2-sha256$ROUNDS$SALT$HASH` (hex), with a fresh random salt.
pub fn hash(pin: &str) -> String {
    let salt = *uuid::Uuid::new_v4().as_bytes();
    with_salt(pin, &salt, ROUNDS)
}

fn with_salt(pin: &str, salt: &[u8], rounds: u32) -> String {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(pin.as_bytes(), salt, rounds, &mut out);
    format!("{SCHEME}${rounds}${}${}", hex(salt), hex(&out))
}

/// Whether `pin` is the PIN whose stored form is `stored`. A stored form that cannot be read
/// (damaged, or of a scheme this koe does not know) matches nothing.
pub fn matches(pin: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some(SCHEME), Some(rounds), Some(salt), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Ok(rounds), Some(salt)) = (rounds.parse::<u32>(), unhex(salt)) else {
        return false;
    };
    if rounds == 0 {
        return false;
    }
    // Compared whole, in constant time for equal lengths: the stored form is not secret, but
    // there is no reason to leak how much of a guess's hash matched.
    let expected = with_salt(pin, &salt, rounds);
    expected.len() == stored.len()
        && expected
            .bytes()
            .zip(stored.bytes())
            .fold(0, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_matches_its_hash_and_no_other() {
        let stored = hash("2468");
        assert!(matches("2468", &stored));
        assert!(!matches("2469", &stored));
        assert!(!matches("", &stored));
        assert!(!stored.contains("2468"), "the digits are never stored: {stored}");
    }

    #[test]
    fn the_same_pin_is_salted_differently_each_time() {
        assert_ne!(hash("1234"), hash("1234"));
    }

    #[test]
    fn a_damaged_stored_form_matches_nothing() {
        for stored in [
            "",
            "1234",
            "pbkdf2-sha256$0$00$00",
            "pbkdf2-sha256$x$00$00",
            "md5$1$00$00",
            "pbkdf2-sha256$1$zz$00",
        ] {
            assert!(!matches("1234", stored), "{stored}");
        }
    }

    #[test]
    fn pins_are_four_to_twelve_digits() {
        assert_eq!(check("1234"), Ok(()));
        assert_eq!(check("123456789012"), Ok(()));
        assert_eq!(check("123"), Err(PinFault::Length));
        assert_eq!(check("1234567890123"), Err(PinFault::Length));
        assert_eq!(check("12a4"), Err(PinFault::NotDigits));
        assert_eq!(check("１２３４"), Err(PinFault::NotDigits));
    }
}
