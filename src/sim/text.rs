//! Text helpers for what the simulator says to people: quoting what a user gave without
//! repeating a pasted megabyte, and shortening values and messages for labels and errors.

use super::limits::{MAX_BRIEF_CHARS, MAX_QUOTED_CHARS};

/// The start of `text`, each character written as `{:?}` writes it inside quotes when
/// `escape`, cut at a character of `text` so that the result has at most [`MAX_QUOTED_CHARS`] characters (a
/// character can take ten when escaped, as `\u{10fffd}`); and whether anything was cut.
fn head(text: &str, escape: bool) -> (String, bool) {
    let mut out = String::new();
    let mut len = 0;
    let mut buf = [0; 4];
    for c in text.chars() {
        let piece = if escape {
            let debug = format!("{:?}", &*c.encode_utf8(&mut buf));
            debug[1..debug.len() - 1].to_string()
        } else {
            c.to_string()
        };
        let n = piece.chars().count();
        if len + n > MAX_QUOTED_CHARS {
            return (out, true);
        }
        out.push_str(&piece);
        len += n;
    }
    (out, false)
}

/// `text` in quotes as `{:?}` writes it, at most 40 characters of it and then an ellipsis and
/// its length: an error names what it was given without repeating a pasted megabyte.
pub fn quoted(text: &str) -> String {
    match head(text, true) {
        (all, false) => format!("\"{all}\""),
        (start, true) => format!("\"{start}\"… ({} characters)", text.chars().count()),
    }
}

/// `text` as it is if it is short, else its first 40 characters, an ellipsis and its length:
/// for a description built from what the user gave (such as partition groups).
pub fn clipped(text: &str) -> String {
    match head(text, false) {
        (all, false) => all,
        (start, true) => format!("{start}… ({} characters)", text.chars().count()),
    }
}

/// A message from a reader of the user's input (such as serde's "invalid type: string ..."),
/// made brief: each word longer than 40 characters (a number written out in full, a pasted
/// text quoted back) cut to 40 and an ellipsis, and the whole cut to 300 characters.
pub fn brief(message: &str) -> String {
    let words: Vec<String> = message
        .split(' ')
        .map(|word| match head(word, false) {
            (all, false) => all,
            (start, true) => format!("{start}…"),
        })
        .collect();
    let text = words.join(" ");
    if text.chars().count() <= MAX_BRIEF_CHARS {
        return text;
    }
    let start: String = text.chars().take(MAX_BRIEF_CHARS - 1).collect();
    format!("{start}…")
}

/// A value quoted, cut to at most 10 characters (whole characters, never half of one).
pub fn short_value(value: &str) -> String {
    const MAX: usize = 10;
    if value.chars().count() <= MAX {
        format!("\"{value}\"")
    } else {
        let head: String = value.chars().take(MAX - 1).collect();
        format!("\"{head}…\"")
    }
}
