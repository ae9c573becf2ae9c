//! Unpadded base64url (RFC 4648 §5), as the `base64` crate's `URL_SAFE_NO_PAD` engine reads
//! and writes it, with its error messages, in 80 lines instead of the crate's 8 kB of Wasm
//! (a test compares the two).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn value_of(b: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == b).map(|p| p as u32)
}

fn invalid_byte(offset: usize, byte: u8) -> String {
    format!("Invalid symbol {byte}, offset {offset}.")
}

/// Decodes like `URL_SAFE_NO_PAD.decode`, and fails with the same message: the first bad
/// byte of the leading complete quads, then the last (up to 4) bytes checked for `=`,
/// length and trailing bits.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let input = text.as_bytes();
    let rem = input.len() % 4;
    if rem == 1 {
        // The crate reports a bad last byte first (a trailing newline, say).
        let last = input[input.len() - 1];
        if last != b'=' && value_of(last).is_none() {
            return Err(invalid_byte(input.len() - 1, last));
        }
    }
    // The last quad (complete or not) is checked apart: it may hold padding.
    let body = input
        .len()
        .saturating_sub(rem)
        .saturating_sub(if rem == 0 { 4 } else { 0 });
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 2);
    for (q, quad) in input[..body].chunks(4).enumerate() {
        let mut n = 0u32;
        for (j, &b) in quad.iter().enumerate() {
            n = (n << 6) | value_of(b).ok_or_else(|| invalid_byte(q * 4 + j, b))?;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..]);
    }
    let mut morsels = 0usize;
    let mut padding = 0usize;
    let mut first_padding = 0usize;
    let mut last_symbol = 0u8;
    let mut n = 0u32;
    for (i, &b) in input[body..].iter().enumerate() {
        if b == b'=' {
            if i < 2 {
                return Err(invalid_byte(body + i, b));
            }
            if padding == 0 {
                first_padding = i;
            }
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(invalid_byte(body + first_padding, b'='));
        }
        let v = value_of(b).ok_or_else(|| invalid_byte(body + i, b))?;
        last_symbol = b;
        n |= v << (26 - 6 * morsels);
        morsels += 1;
    }
    if !input.is_empty() && morsels < 2 {
        return Err(format!("Invalid input length: {}", body + morsels));
    }
    if padding > 0 {
        return Err("Invalid padding".to_string());
    }
    let bytes = morsels * 6 / 8;
    if n & (!0u32 >> (bytes * 8)) != 0 {
        return Err(format!(
            "Invalid last symbol {last_symbol}, offset {}.",
            body + morsels - 1
        ));
    }
    out.extend_from_slice(&n.to_be_bytes()[..bytes]);
    Ok(out)
}
