//! Where a table's rows go: a CSV file, or a worksheet of the report workbook.

use super::cell::Cell;

/// A table being written row by row.
pub trait Sink {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()>;

    /// The header row: plain names.
    fn header(&mut self, names: &[&str]) -> std::io::Result<()> {
        let cells: Vec<Cell> = names.iter().map(|n| Cell::text(*n)).collect();
        self.row(&cells)
    }

    /// What to call this table in a message (a file path, a sheet name).
    fn name(&self) -> String;

    /// Writes out what is buffered.
    fn finish(&mut self) -> std::io::Result<()>;

    /// Cells changed to fit the encoding (CP932).
    fn touched(&self) -> u64 {
        0
    }

    /// Cells cut to fit the format (a workbook cell holds at most 32,767 characters).
    fn cut(&self) -> u64 {
        0
    }
}
