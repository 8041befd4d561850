//! Text that arrives pasted: one piece, fit for a one-line field.

use tui_input::{Input, InputRequest};

/// Inserts pasted `text` at the cursor: a Tab or a line break becomes a space (a one-line
/// field has no other use for them), other control characters go.
pub fn paste_into(input: &mut Input, text: &str) {
    let clean = text.chars().filter_map(|c| match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    });
    for c in clean {
        input.handle(InputRequest::InsertChar(c));
    }
}
