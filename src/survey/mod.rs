//! What a questionnaire is: the model, reading and validating files, answer checks and the
//! visibility of questions.

pub mod answer;
pub mod catalog;
pub mod codes;
pub mod flow;
pub mod load;
pub mod model;
pub mod schema;
pub mod shown;
pub mod starter;
pub mod validate;
pub mod xlsform;

pub use load::{LoadError, load_file};
pub use model::{
    Choice, Code, Condition, Direction, Indicator, Keywords, Kind, MatrixRow, Measure, Question, ScaleDef, Survey,
    Test, Text,
};
