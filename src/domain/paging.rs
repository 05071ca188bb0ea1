//! Paging arithmetic for lists.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl Paging {
    pub const DEFAULT_PER_PAGE: i64 = 50;

    /// `page` is 1-based; out-of-range values are clamped.
    pub fn new(page: Option<i64>, per_page: Option<i64>, total: i64) -> Paging {
        let per_page = per_page.unwrap_or(Self::DEFAULT_PER_PAGE).clamp(10, 200);
        let pages = ((total.max(0) + per_page - 1) / per_page).max(1);
        let page = page.unwrap_or(1).clamp(1, pages);
        Paging {
            page,
            per_page,
            total: total.max(0),
        }
    }
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
    /// First and last row numbers shown (1-based), 0..0 when empty.
    pub fn range(&self) -> (i64, i64) {
        if self.total == 0 {
            (0, 0)
        } else {
            (
                self.offset() + 1,
                (self.offset() + self.per_page).min(self.total),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_counts() {
        let p = Paging::new(Some(3), Some(50), 120);
        assert_eq!(
            (p.page, p.pages(), p.offset(), p.range()),
            (3, 3, 100, (101, 120))
        );
        let p = Paging::new(Some(99), None, 120);
        assert_eq!(p.page, 3);
        let p = Paging::new(Some(-4), Some(1), 0);
        assert_eq!(
            (p.page, p.per_page, p.pages(), p.range()),
            (1, 10, 1, (0, 0))
        );
        assert!(!p.has_next() && !p.has_prev());
    }
}
