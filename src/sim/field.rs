//! Numbers given by people and pages (settings, rules, verify options, ids, times, seeds),
//! checked to be whole and in range, with an error that names the field and what is allowed.
//! Numbers arrive as JavaScript numbers (`f64`), so a fraction, a negative number, NaN or
//! Infinity reaches this check and is named, rather than failing as a type error.

use super::error::SimError;

/// `given` as a whole number from `min` to `max`, or an error naming `field` (as the page
/// names it, e.g. `settings.acceptors`) and the range.
pub fn whole_number(field: &str, given: f64, min: u64, max: u64) -> Result<u64, SimError> {
    // Both bounds are below 2^53 wherever this is used, so they convert exactly.
    if given.is_finite() && given.fract() == 0.0 && given >= min as f64 && given <= max as f64 {
        return Ok(given as u64);
    }
    Err(SimError::BadField {
        field: field.to_string(),
        allowed: format!("a whole number from {min} to {max}"),
        given: number_text(given),
    })
}

/// `given` as a page would show it: `2.5`, `-1`, `NaN`, `Infinity`, and huge or tiny numbers
/// as `1e300` rather than three hundred digits.
pub fn number_text(given: f64) -> String {
    if given.is_nan() {
        "NaN".to_string()
    } else if given.is_infinite() {
        if given > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if given != 0.0 && (given.abs() >= 1e15 || given.abs() < 1e-6) {
        format!("{given:e}")
    } else {
        format!("{given}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_number_in_range_is_taken_and_anything_else_is_named() {
        assert_eq!(whole_number("settings.acceptors", 3.0, 1, 9), Ok(3));
        assert_eq!(whole_number("settings.acceptors", 9.0, 1, 9), Ok(9));
        for (given, text) in [
            (2.5, "2.5"),
            (0.0, "0"),
            (10.0, "10"),
            (-1.0, "-1"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (1e300, "1e300"),
        ] {
            assert_eq!(
                whole_number("settings.acceptors", given, 1, 9)
                    .unwrap_err()
                    .to_string(),
                format!("settings.acceptors must be a whole number from 1 to 9, not {text}")
            );
        }
    }
}
