//! Account names and the password policy.

/// 3..=64 characters: lower-case ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.
pub fn parse_username(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return Err("err.required");
    }
    let ok = (3..=64).contains(&s.len())
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok { Ok(s) } else { Err("err.username") }
}

/// At least 10 characters, at most 128, not the user name.
pub fn check_password(password: &str, username: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < 10 {
        return Err("err.password_short");
    }
    if n > 128 {
        return Err("err.too_long");
    }
    if password.eq_ignore_ascii_case(username) {
        return Err("err.password_is_username");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(parse_username(" GiamDoc "), Ok("giamdoc".into()));
        assert_eq!(parse_username("ab"), Err("err.username"));
        assert_eq!(parse_username("nguyễn"), Err("err.username"));
        assert_eq!(parse_username("a b c"), Err("err.username"));
    }

    #[test]
    fn passwords() {
        assert_eq!(check_password("short", "x"), Err("err.password_short"));
        assert_eq!(
            check_password("truongphong", "truongphong"),
            Err("err.password_is_username")
        );
        assert_eq!(check_password("thidua-demo", "canbo"), Ok(()));
    }
}
