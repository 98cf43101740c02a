//! Text shown to people (terminals, logs, error messages) that may come from publishers or
//! services: clipped on character boundaries, and made safe for terminals.

use std::borrow::Cow;

/// `text` cut to at most `max` characters, with `…` after a cut; never inside a character.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// `text` with every control character (C0 including newlines, DEL, and C1) written as a
/// `\u{…}` escape: a goal from a publisher cannot colour, move the cursor, retitle the
/// terminal (ANSI and OSC sequences) or start a fake row in `apex workflows list`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

/// Untrusted `text` quoted in an error message: clipped to 80 characters and terminal-safe.
pub fn quoted(text: &str) -> String {
    format!("`{}`", printable(&clip(text, 80)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_never_splits_a_character() {
        let text = "é".repeat(200);
        let clipped = clip(&text, 90);
        assert_eq!(clipped.chars().count(), 91, "90 characters and the ellipsis");
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("short", 90), "short");
        assert_eq!(clip("🎉🎉🎉", 2), "🎉🎉…");
    }

    #[test]
    fn terminal_controls_are_escaped_and_plain_text_is_untouched() {
        assert_eq!(printable("Book a flight to Paris"), "Book a flight to Paris");
        let hostile = "\u{1b}[31mred\u{1b}]0;pwned\u{7}\nfake row\u{9b}2J";
        let shown = printable(hostile);
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert_eq!(shown, "\\u{1b}[31mred\\u{1b}]0;pwned\\u{7}\\u{a}fake row\\u{9b}2J");
    }
}
