//! The one rounding rule of every figure koe shows (SPEC, Export files: Rounding): 四捨五入, half
//! away from zero as Excel's ROUND, on the figure's exact decimal value — a percent to one
//! decimal, a mean, median, sd or indicator result to two.
//!
//! Binary floating point cannot do this by itself: 6.595 is stored as 6.59499…, so
//! `format!("{:.2}")` writes 6.59, and `format!` rounds exact ties such as 3.125 to even (3.12).
//! So figures are kept as exact fractions of integers ([`Exact`]) until they are rounded once into
//! a [`Rounded`], and every CSV file, the workbook and the results screen show that `Rounded`.

use std::fmt;

/// A number known exactly as `num / den` (a percent of counts, a mean of typed decimals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exact {
    num: i128,
    /// Always positive.
    den: i128,
}

impl Exact {
    /// `num / den` in lowest terms (so equal numbers compare equal); `None` when `den` is 0.
    pub fn ratio(num: i128, den: i128) -> Option<Exact> {
        match den {
            0 => None,
            d if d < 0 => Some(Exact { num: -num, den: -d }.reduced()),
            d => Some(Exact { num, den: d }.reduced()),
        }
    }

    pub fn whole(n: i128) -> Exact {
        Exact { num: n, den: 1 }
    }

    /// `part` as a percent of `base` (`None` when the base is 0).
    pub fn percent(part: u64, base: u64) -> Option<Exact> {
        Exact::ratio(i128::from(part) * 100, i128::from(base))
    }

    /// The decimal a binary number stands for: its shortest representation that reads back as
    /// the same number (the number as it was typed, or stored from JSON). `None` when it is not
    /// finite or too large to be held exactly.
    pub fn of(x: f64) -> Option<Exact> {
        if !x.is_finite() {
            return None;
        }
        // `{:e}` is the shortest round-trip form: "6.595e0", "-1.5e-7", "1e20".
        let s = format!("{x:e}");
        let (mantissa, exp) = s.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits: i128 = format!("{int}{frac}").parse().ok()?;
        let scale = frac.len() as i32 - exp;
        if scale >= 0 {
            Exact::ratio(digits, pow10(scale)?)
        } else {
            Some(Exact::whole(digits.checked_mul(pow10(-scale)?)?))
        }
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(self, other: Exact) -> Option<Exact> {
        let num = self
            .num
            .checked_mul(other.den)?
            .checked_add(other.num.checked_mul(self.den)?)?;
        Exact::ratio(num, self.den.checked_mul(other.den)?)
    }

    /// `self × k`, `None` on overflow.
    pub fn checked_mul_int(self, k: i128) -> Option<Exact> {
        Exact::ratio(self.num.checked_mul(k)?, self.den)
    }

    /// `self ÷ k`, `None` when k is 0 or on overflow.
    pub fn checked_div_int(self, k: i128) -> Option<Exact> {
        Exact::ratio(self.num, self.den.checked_mul(k)?)
    }

    fn reduced(self) -> Exact {
        let g = gcd(self.num.unsigned_abs(), self.den.unsigned_abs()).max(1) as i128;
        Exact {
            num: self.num / g,
            den: self.den / g,
        }
    }

    /// The nearest binary number, for drawing (bars, chart lengths), never for showing digits.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Rounded half away from zero to `places` decimals.
    pub fn round(self, places: u8) -> Rounded {
        let scale = pow10(i32::from(places)).unwrap_or(1);
        let units = match self.num.checked_mul(scale) {
            Some(scaled) => {
                let (q, r) = (scaled / self.den, scaled % self.den);
                // Away from zero when the remainder is at least half the denominator.
                if r.unsigned_abs() * 2 >= self.den.unsigned_abs() {
                    q + scaled.signum()
                } else {
                    q
                }
            }
            // Beyond i128 (never for a survey's figures): the binary value, rounded as well as it can be.
            None => (self.to_f64() * scale as f64).round() as i128,
        };
        Rounded { units, places }
    }
}

fn pow10(n: i32) -> Option<i128> {
    10i128.checked_pow(u32::try_from(n).ok()?)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A figure as it is shown: `units` of 10^-`places`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rounded {
    units: i128,
    places: u8,
}

impl Rounded {
    /// A percent of `part` in `base`, to one decimal (`None` when the base is 0).
    pub fn percent(part: u64, base: u64) -> Option<Rounded> {
        Exact::percent(part, base).map(|p| p.round(1))
    }

    /// A binary number rounded on the decimal it stands for (see [`Exact::of`]).
    pub fn of(x: f64, places: u8) -> Option<Rounded> {
        if !x.is_finite() {
            return None;
        }
        Some(Exact::of(x).map_or_else(
            || Rounded {
                units: (x * 10f64.powi(i32::from(places))).round() as i128,
                places,
            },
            |e| e.round(places),
        ))
    }

    /// The rounded number as the workbook stores it (the binary number nearest to these digits,
    /// which every number format shows as these digits again).
    pub fn value(self) -> f64 {
        self.fixed().parse().unwrap_or(f64::NAN)
    }

    /// A percent as the fraction a spreadsheet's percent format expects (31.3 → 0.313), from
    /// the digits, so that the format shows these digits again.
    pub fn fraction(self) -> f64 {
        format!("{}e-2", self.fixed()).parse().unwrap_or(f64::NAN)
    }

    /// Every decimal place written: `6.60`, `31.3`.
    pub fn fixed(self) -> String {
        let places = usize::from(self.places);
        let digits = self.units.unsigned_abs().to_string();
        let digits = format!("{digits:0>width$}", width = places + 1);
        let (int, frac) = digits.split_at(digits.len() - places);
        let sign = if self.units < 0 { "-" } else { "" };
        if places == 0 {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }

    /// Trailing zeros dropped, as stats.csv writes its numbers: `6.6`, `4`.
    pub fn trimmed(self) -> String {
        let s = self.fixed();
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

impl fmt::Display for Rounded {
    /// Every decimal place (see [`Rounded::fixed`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.fixed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_round_away_from_zero_on_the_exact_value() {
        // 6.595 is 6.59499… in binary: format! says 6.59.
        assert_eq!(format!("{:.2}", 1319.0_f64 / 200.0), "6.59");
        assert_eq!(Exact::ratio(1319, 200).unwrap().round(2).fixed(), "6.60");
        assert_eq!(Rounded::of(6.595, 2).unwrap().fixed(), "6.60");
        // 3.125 is exact in binary and format! rounds it to even.
        assert_eq!(format!("{:.2}", 3.125_f64), "3.12");
        assert_eq!(Rounded::of(3.125, 2).unwrap().fixed(), "3.13");
        assert_eq!(Rounded::percent(10, 32).unwrap().fixed(), "31.3");
        assert_eq!(Rounded::percent(1, 16).unwrap().fixed(), "6.3");
        assert_eq!(Rounded::of(-2.5, 0).unwrap().fixed(), "-3");
        assert_eq!(Rounded::of(-0.004, 2).unwrap().trimmed(), "0");
        assert_eq!(Rounded::of(-0.005, 2).unwrap().fixed(), "-0.01");
    }

    #[test]
    fn digits_and_values() {
        let r = Rounded::of(4.0, 2).unwrap();
        assert_eq!((r.fixed(), r.trimmed()), ("4.00".to_string(), "4".to_string()));
        assert_eq!(Rounded::of(0.05, 1).unwrap().fixed(), "0.1");
        assert_eq!(Rounded::percent(0, 7).unwrap().fixed(), "0.0");
        assert_eq!(Rounded::percent(3, 0), None);
        assert_eq!(Rounded::percent(1, 16).unwrap().value(), 6.3);
        assert_eq!(Rounded::of(1e20, 2).unwrap().trimmed(), "100000000000000000000");
        assert_eq!(Rounded::of(1.5e-7, 2).unwrap().fixed(), "0.00");
        assert_eq!(Rounded::of(f64::NAN, 2), None);
        let sum = Exact::of(1.005)
            .unwrap()
            .checked_add(Exact::of(1.005).unwrap())
            .unwrap();
        assert_eq!(sum.checked_div_int(2).unwrap().round(2).fixed(), "1.01");
    }
}
