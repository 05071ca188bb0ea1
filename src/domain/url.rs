//! Percent-encoding for the parts of an address (pure).

/// Percent-encodes a query-string component (`application/x-www-form-urlencoded`).
pub fn encode_component(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn components_are_encoded() {
        assert_eq!(super::encode_component("a b&c/đ"), "a+b%26c%2F%C4%91");
    }
}
