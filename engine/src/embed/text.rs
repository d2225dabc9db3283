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

/// Light suffix stemming so that "databases"/"database" and "released"/"release" share a
/// feature. Deliberately conservative: only long enough words, only common English suffixes,
/// then a final silent `e` is dropped so both forms meet at the same stem.
pub fn stem(word: &str) -> &str {
    if word.len() <= 3 || !word.is_ascii() {
        return word;
    }
    const SUFFIXES: [(&str, usize); 8] = [
        ("ations", 3),
        ("ation", 3),
        ("ing", 3),
        ("ies", 2),
        ("ed", 3),
        ("es", 3),
        ("ly", 3),
        ("s", 3),
    ];
    let mut base = word;
    for (suffix, min_stem) in SUFFIXES {
        if let Some(b) = word.strip_suffix(suffix) {
            if b.len() >= min_stem && !(suffix == "s" && b.ends_with('s')) {
                base = b;
                break;
            }
        }
    }
    match base.strip_suffix('e') {
        Some(b) if b.len() >= 3 => b,
        _ => base,
    }
}

/// Function words that carry no topic: they are left out of embeddings (not out of keyword
/// scoring, whose terms the contract defines as all alphanumeric tokens). Sorted, for
/// binary search.
pub fn is_stopword(word: &str) -> bool {
    const STOPWORDS: &[&str] = &[
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "during", "each", "for", "from", "had", "has", "have", "having",
        "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "just", "me", "more", "most", "my", "no", "nor", "not", "of", "on", "only", "or",
        "other", "our", "ours", "out", "over", "own", "s", "same", "she", "should", "so", "some",
        "such", "t", "than", "that", "the", "their", "theirs", "them", "then", "there", "these",
        "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "would", "you", "your", "yours",
    ];
    STOPWORDS.binary_search(&word).is_ok()
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
    fn stopword_list_is_sorted_for_binary_search() {
        assert!(is_stopword("the") && is_stopword("yours") && is_stopword("a"));
        assert!(!is_stopword("database"));
    }

    #[test]
    fn stemming_is_light() {
        assert_eq!(stem("databases"), "databas");
        assert_eq!(stem("database"), "databas");
        assert_eq!(stem("released"), stem("release"));
        assert_eq!(stem("handled"), "handl");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("is"), "is");
    }
}
