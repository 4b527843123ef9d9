//! Byte offsets to 1-based line numbers, by binary search over line starts.

#[derive(Debug)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts }
    }

    /// The line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let lines = Lines::new("ab\ncd\n\nef");
        let found: Vec<u32> = [0, 1, 2, 3, 5, 6, 7, 9, 100].iter().map(|&o| lines.line_of(o)).collect();
        assert_eq!(found, [1, 1, 1, 2, 2, 3, 4, 4, 4]);
    }
}
