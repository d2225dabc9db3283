//! Text normalisation shared by the embedder and keyword scoring.

/// Case-folded alphanumeric tokens, in order (contract §4.2 "keyword" terms).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Light suffix stemming so that "databases"/"database" and "handled"/"handles" share a
/// feature. Deliberately conservative: only long enough words, only common English suffixes.
pub fn stem(word: &str) -> &str {
    let n = word.len();
    if n <= 3 || !word.is_ascii() {
        return word;
    }
    for (suffix, min_stem) in [
        ("ations", 3),
        ("ation", 3),
        ("ing", 3),
        ("ies", 2),
        ("ed", 3),
        ("es", 3),
        ("ly", 3),
        ("s", 3),
    ] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.len() >= min_stem && !(suffix == "s" && base.ends_with('s')) {
                return base;
            }
        }
    }
    word
}

/// FNV-1a, 64 bit: stable across processes and platforms, so stored vectors stay valid.
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            // Separator so ("ab","c") and ("a","bc") differ.
            h ^= 0xff;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The distinct keyword terms of a text, hashed, sorted: a compact set for fast membership
/// tests during keyword scoring.
pub fn term_set(text: &str) -> Box<[u32]> {
    let mut v: Vec<u32> = tokens(text).iter().map(|t| term_hash(t)).collect();
    v.sort_unstable();
    v.dedup();
    v.into_boxed_slice()
}

pub fn term_hash(term: &str) -> u32 {
    let h = fnv1a(&[term.as_bytes()]);
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_fold_case_and_split_on_punctuation() {
        assert_eq!(
            tokens("Hello, WORLD! x2-y"),
            vec!["hello", "world", "x2", "y"]
        );
    }

    #[test]
    fn stemming_is_light() {
        assert_eq!(stem("databases"), "databas");
        assert_eq!(stem("database"), "database");
        assert_eq!(stem("handled"), "handl");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("is"), "is");
    }
}
