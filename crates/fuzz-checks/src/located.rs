//! Is a reported `line:column` inside the text it is about?

/// The text's lines as YAML counts them (`\n`, `\r\n` and a lone `\r` each end a line), with
/// each line's length in characters.
pub(crate) fn yaml_line_lengths(text: &str) -> Vec<usize> {
    let mut lengths = vec![0];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lengths.push(0);
            }
            '\n' => lengths.push(0),
            _ => *lengths.last_mut().expect("one line at least") += 1,
        }
    }
    lengths
}

/// Panics unless `line:column` (1-based) points into the text, just past the end of a line
/// (where a missing value is reported), or at the start of the line after the last one (where
/// the YAML parser reports an unexpected end of input, as the definitions' contract allows).
pub(crate) fn assert_in_text(lengths: &[usize], line: usize, column: usize, what: &str) {
    if line == lengths.len() + 1 && column == 1 {
        return;
    }
    assert!(
        line >= 1 && line <= lengths.len(),
        "{what}: line {line} is outside the text's {} lines",
        lengths.len()
    );
    let width = lengths[line - 1];
    assert!(
        column >= 1 && column <= width + 1,
        "{what}: column {column} is outside line {line} ({width} characters)"
    );
}
