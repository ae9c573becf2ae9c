//! Standard base64 (RFC 4648, padded), as Kubernetes stores Secret data. Small enough to own:
//! one alphabet, no configuration, and decoding errors worded like Go's `encoding/base64`
//! (`illegal base64 data at input byte N`), which is what the API server reports.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Decodes padded standard base64. `\r` and `\n` are skipped, like Go's decoder does.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let illegal = |i: usize| format!("illegal base64 data at input byte {i}");
    let chars: Vec<(usize, u8)> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b != b'\r' && *b != b'\n')
        .collect();
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    for (q, quad) in chars.chunks(4).enumerate() {
        if quad.len() < 4 {
            return Err(illegal(quad.first().map_or(text.len(), |c| c.0)));
        }
        let last_quad = (q + 1) * 4 >= chars.len();
        let mut n = 0u32;
        let mut pad = 0;
        for (j, &(at, c)) in quad.iter().enumerate() {
            if c == b'=' && last_quad && j >= 2 && (pad > 0 || j == 2 || j == 3) {
                if j == 2 && quad[3].1 != b'=' {
                    return Err(illegal(at));
                }
                pad += 1;
                n <<= 6;
                continue;
            }
            if pad > 0 {
                return Err(illegal(at));
            }
            let v = value_of(c).ok_or_else(|| illegal(at))?;
            n = (n << 6) | v;
        }
        out.push((n >> 16) as u8);
        if pad < 2 {
            out.push((n >> 8) as u8);
        }
        if pad < 1 {
            out.push(n as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        for s in ["", "a", "ab", "abc", "abcd", "hello world", "password123!"] {
            assert_eq!(decode(&encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(encode(b"admin"), "YWRtaW4=");
        assert_eq!(decode("cGFzc3dvcmQ=").unwrap(), b"password");
    }

    #[test]
    fn refuses_bad_input_with_go_wording() {
        assert_eq!(
            decode("abc").unwrap_err(),
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            decode("ab$d").unwrap_err(),
            "illegal base64 data at input byte 2"
        );
        assert_eq!(
            decode("a=bc").unwrap_err(),
            "illegal base64 data at input byte 1"
        );
    }
}
