//! The small part of XPath that XLSForm `relevant` and `constraint` cells use and koe can map:
//! comparisons of `${name}` or `.` with a literal, `selected()`, `count-selected()`,
//! `string-length()`, `not()`, `and`, `or` and parentheses. Parsing only; what a tree means for a
//! question is decided by the reader, which knows the questions.

use std::fmt;

use crate::say;
use crate::words::Words;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl Op {
    /// The operator with its operands swapped: `3 < ${q}` is `${q} > 3`.
    pub fn flipped(self) -> Op {
        match self {
            Op::Ge => Op::Le,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Lt => Op::Gt,
            other => other,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
        })
    }
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    /// A parenthesised expression: kept, so that `(a) or (b)` stays two conditions.
    Paren(Box<Node>),
    Cmp(Box<Node>, Op, Box<Node>),
    /// A function call: `not(…)`, `selected(…, …)`, `count-selected(…)`, `true()`.
    Call(String, Vec<Node>),
    /// `${name}`
    Ref(String),
    /// `.`, the question itself (in a constraint)
    Dot,
    Str(String),
    Num(f64),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ref(String),
    Dot,
    Str(String),
    Num(f64),
    Word(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

/// Nesting deeper than this is not a hand-written condition; refusing it keeps the stack safe.
const MAX_DEPTH: usize = 40;

/// Parses an expression; the error is a sentence saying what is wrong.
pub fn parse(text: &str) -> Result<Node, Words> {
    let toks = tokens(text)?;
    if toks.is_empty() {
        return Err(say!(ExprEmpty));
    }
    let mut p = Parser { toks, pos: 0, depth: 0 };
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return Err(say!(ExprCannotReadFrom, rest = format!("{:?}", p.rest())));
    }
    Ok(node)
}

fn tokens(text: &str) -> Result<Vec<Tok>, Words> {
    // Excel's autocorrect turns quotes into curly ones; XLSForm tools read them as plain quotes.
    let text: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        })
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '$' if next == Some('{') => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| say!(ExprRefNotClosed))?;
                let name: String = chars[i + 2..i + end].iter().collect();
                toks.push(Tok::Ref(name.trim().to_string()));
                i += end + 1;
            }
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| say!(ExprQuoteNotClosed))?;
                toks.push(Tok::Str(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            '(' => {
                toks.push(Tok::Open);
                i += 1;
            }
            ')' => {
                toks.push(Tok::Close);
                i += 1;
            }
            ',' => {
                toks.push(Tok::Comma);
                i += 1;
            }
            // Operators written the other way round, or as other languages write them: say which
            // one XPath has (rather than "< needs something on its left").
            '=' if matches!(next, Some('<' | '>' | '=')) => {
                let meant = match next {
                    Some('<') => "<=",
                    Some('>') => ">=",
                    _ => "=",
                };
                return Err(say!(
                    ExprWriteInstead,
                    meant = meant,
                    written = format!("={}", next.unwrap_or('='))
                ));
            }
            '<' if next == Some('>') => return Err(say!(ExprWriteInstead, meant = "!=", written = "<>")),
            '=' => {
                toks.push(Tok::Op(Op::Eq));
                i += 1;
            }
            '!' if next == Some('=') => {
                toks.push(Tok::Op(Op::Ne));
                i += 2;
            }
            '>' | '<' => {
                let eq = next == Some('=');
                toks.push(Tok::Op(match (c, eq) {
                    ('>', true) => Op::Ge,
                    ('>', false) => Op::Gt,
                    (_, true) => Op::Le,
                    _ => Op::Lt,
                }));
                i += 1 + usize::from(eq);
            }
            '.' if !next.is_some_and(|n| n.is_ascii_digit()) => {
                toks.push(Tok::Dot);
                i += 1;
            }
            c if c.is_ascii_digit() || c == '.' || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let n = s
                    .parse::<f64>()
                    .map_err(|_| say!(ExprNotANumber, text = format!("{s:?}")))?;
                toks.push(Tok::Num(n));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | ':')) {
                    i += 1;
                }
                toks.push(Tok::Word(chars[start..i].iter().collect()));
            }
            other => return Err(say!(ExprCannotReadChar, text = format!("{other:?}"))),
        }
    }
    Ok(toks)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn rest(&self) -> String {
        self.render(self.pos..self.toks.len())
    }

    /// Tokens written back as text, for a message that quotes the expression.
    fn render(&self, range: std::ops::Range<usize>) -> String {
        self.toks[range]
            .iter()
            .map(|t| match t {
                Tok::Ref(n) => format!("${{{n}}}"),
                Tok::Dot => ".".into(),
                Tok::Str(s) => format!("'{s}'"),
                Tok::Num(n) => n.to_string(),
                Tok::Word(w) => w.clone(),
                Tok::Op(o) => o.to_string(),
                Tok::Open => "(".into(),
                Tok::Close => ")".into(),
                Tok::Comma => ",".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    fn or(&mut self) -> Result<Node, Words> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(say!(ExprTooDeep));
        }
        let mut items = vec![self.and()?];
        while self.word("or") {
            self.pos += 1;
            items.push(self.and()?);
        }
        self.depth -= 1;
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node, Words> {
        let mut items = vec![self.cmp()?];
        while self.word("and") {
            self.pos += 1;
            items.push(self.cmp()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn cmp(&mut self) -> Result<Node, Words> {
        let start = self.pos;
        let left = self.primary()?;
        if let Some(Tok::Op(op)) = self.peek() {
            let op = *op;
            self.pos += 1;
            // A bare word compared with (`${again} = yes`) is a value whose quotes are missing.
            if let Some(Tok::Word(w)) = self.peek()
                && self.toks.get(self.pos + 1) != Some(&Tok::Open)
            {
                let left = self.render(start..self.pos - 1);
                return Err(say!(
                    ExprAddQuotes,
                    meant = format!("{left} {op} {}", quote(w)),
                    written = format!("{left} {op} {w}")
                ));
            }
            let right = self.primary()?;
            return Ok(Node::Cmp(Box::new(left), op, Box::new(right)));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Node, Words> {
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            return Err(say!(ExprEndsEarly));
        };
        self.pos += 1;
        match tok {
            Tok::Ref(name) => Ok(Node::Ref(name)),
            Tok::Dot => Ok(Node::Dot),
            Tok::Str(s) => Ok(Node::Str(s)),
            Tok::Num(n) => Ok(Node::Num(n)),
            Tok::Open => {
                let inner = self.or()?;
                self.close()?;
                Ok(Node::Paren(Box::new(inner)))
            }
            Tok::Word(name) if self.peek() == Some(&Tok::Open) => {
                self.pos += 1;
                let mut args = Vec::new();
                if self.peek() != Some(&Tok::Close) {
                    args.push(self.or()?);
                    while self.peek() == Some(&Tok::Comma) {
                        self.pos += 1;
                        args.push(self.or()?);
                    }
                }
                self.close()?;
                Ok(Node::Call(name, args))
            }
            Tok::Word(w) => Err(say!(ExprCannotReadWord, word = format!("{w:?}"))),
            Tok::Op(o) => Err(say!(ExprNothingLeft, op = o)),
            Tok::Close => Err(say!(ExprCloseUnmatched)),
            Tok::Comma => Err(say!(ExprCommaOutOfPlace)),
        }
    }

    fn close(&mut self) -> Result<(), Words> {
        if self.peek() == Some(&Tok::Close) {
            self.pos += 1;
            Ok(())
        } else {
            Err(say!(ExprOpenNotClosed))
        }
    }
}

/// A literal as XLSForm writes it: `'text'` (with `"` when the text holds `'`), or a number.
pub fn quote(s: &str) -> String {
    if s.contains('\'') {
        format!("\"{s}\"")
    } else {
        format!("'{s}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: &str) -> Box<Node> {
        Box::new(Node::Ref(n.into()))
    }

    #[test]
    fn parses_the_forms_koe_maps() {
        assert_eq!(
            parse("${role} = 'gov'").unwrap(),
            Node::Cmp(r("role"), Op::Eq, Box::new(Node::Str("gov".into())))
        );
        assert_eq!(
            parse("${a} >= 3 and not(${b} != “x”)").unwrap(),
            Node::And(vec![
                Node::Cmp(r("a"), Op::Ge, Box::new(Node::Num(3.0))),
                Node::Call(
                    "not".into(),
                    vec![Node::Cmp(r("b"), Op::Ne, Box::new(Node::Str("x".into())))]
                ),
            ])
        );
        assert_eq!(
            parse(". >= -1.5").unwrap(),
            Node::Cmp(Box::new(Node::Dot), Op::Ge, Box::new(Node::Num(-1.5)))
        );
        assert!(matches!(parse("count-selected(.) <= 2").unwrap(), Node::Cmp(..)));
        assert!(matches!(parse("(${a} = 1) or (${a} = 2)").unwrap(), Node::Or(v) if matches!(v[0], Node::Paren(_))));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for bad in [
            "",
            "${a",
            "${a} = 'x",
            "(${a} = 1",
            "${a} = 1)",
            "${a} + 1",
            "= 3",
            "${a} = 1 2",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // The mistakes people make get the fix, not a parser's complaint.
        let typo = parse("${useful} =< 2").unwrap_err();
        assert_eq!(typo.en, "write <= instead of =< (XLSForm has no such operator)");
        assert_eq!(typo.ja, "=< という演算子は XLSForm にありません。<= と書いてください");
        assert!(
            parse("${useful} => 2")
                .unwrap_err()
                .en
                .starts_with("write >= instead of =>")
        );
        assert!(
            parse("${a} <> 'x'")
                .unwrap_err()
                .en
                .starts_with("write != instead of <>")
        );
        let bare = parse("${again} = yes").unwrap_err();
        assert_eq!(
            bare.en,
            "add quotes around the value: write ${again} = 'yes' instead of ${again} = yes"
        );
        assert_eq!(
            bare.ja,
            "値を引用符で囲んでください: ${again} = yes ではなく ${again} = 'yes' と書きます"
        );
        assert!(parse("${again} = true()").is_ok(), "a function call is not a bare word");
        assert!(parse(&"(".repeat(500)).is_err());
    }
}
