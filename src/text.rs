//! How a line of text wraps: where it breaks and how far its continuations are indented.
//! Pure, so the drawing and the pages that must know how tall a text will be agree.

/// Where a wrapped line continues: after its marker (`✗ ` of a field's message, `⚠ `, the
/// `◂ ` of a choice), so a message or a long choice stays under its field's value; under the
/// value of a `Label   value` line (the first gap of two spaces or more); else under its own
/// first character.
pub fn hanging_indent(chars: &[char]) -> usize {
    // A message goes on under its text, a choice (`◂ … ▸`) under its first word.
    if let Some(i) = chars
        .iter()
        .position(|c| matches!(c, '✗' | '⚠' | 'ⓘ' | '◂'))
    {
        return i + 2;
    }
    let lead = chars.iter().take_while(|c| **c == ' ').count();
    value_column(&chars[lead..]).map_or(lead, |v| lead + v)
}

/// Where the value of `Label   value` starts: after the first run of two or more spaces
/// that follows the label.
fn value_column(chars: &[char]) -> Option<usize> {
    let gap = chars.windows(2).position(|w| w[0] == ' ' && w[1] == ' ')?;
    let value = gap + chars[gap..].iter().take_while(|c| **c == ' ').count();
    (gap > 0 && value < chars.len()).then_some(value)
}

/// The rows `chars` takes in `width` columns, each as (start, end, indent): broken at the
/// last space in reach (or anywhere in a word longer than a row), continuations indented
/// by [`hanging_indent`] (at most half the width). A line that fits is one row.
pub fn rows(chars: &[char], width: usize) -> Vec<(usize, usize, usize)> {
    let width = width.max(1);
    if chars.len() <= width {
        return vec![(0, chars.len(), 0)];
    }
    let indent = hanging_indent(chars).min(width / 2);
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let pad = if out.is_empty() { 0 } else { indent };
        let room = width - pad;
        let rest = &chars[start..];
        let take = if rest.len() <= room {
            rest.len()
        } else {
            rest[..=room]
                .iter()
                .rposition(|c| *c == ' ')
                .filter(|&p| p > 0)
                .unwrap_or(room)
        };
        out.push((start, start + take, pad));
        start += take;
        // The space a line was broken at does not start the next one.
        while start < chars.len() && chars[start] == ' ' && take < rest.len() {
            start += 1;
        }
    }
    out
}
