//! The money side: the vendor's price book. Amounts are whole minor units (cents) of an ISO 4217
//! currency, never floats.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::{LicenceType, Term};

/// What a price is for: buying anew, or renewing before the end of the term (the lower one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    New,
    Renewal,
}

impl PriceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            PriceKind::New => "new",
            PriceKind::Renewal => "renewal",
        }
    }

    pub fn parse(s: &str) -> Option<PriceKind> {
        [PriceKind::New, PriceKind::Renewal].into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a price stands on a day: the one charged, one that takes over later, or one an
/// earlier price book held (kept: orders made at it refer to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PriceStatus {
    InForce,
    Scheduled,
    Superseded,
}

/// One price of the price book: one seat of a product or collection, of a licence type, for one
/// term, in one currency, from a day on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Price {
    pub id: String,
    pub product_id: String,
    pub product_code: String,
    pub product_name: String,
    pub licence_type: LicenceType,
    pub term: Term,
    pub kind: PriceKind,
    /// ISO 4217 code, one of `currencies` of [`PriceBook`].
    pub currency: String,
    /// Per seat and term, in minor units of `currency`.
    pub amount_minor: i64,
    /// The first day it applies (`YYYY-MM-DD`).
    pub effective_from: String,
    pub status: PriceStatus,
}

/// `GET /vendor/prices`: the price book, by product, licence type, term, kind and currency, then
/// newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PriceBook {
    pub prices: Vec<Price>,
    /// The currencies prices may be in, with their minor units (2: cents).
    pub currencies: Vec<CurrencyInfo>,
    /// Today, in the vendor's calendar (`YYYY-MM-DD`): what `status` is measured against.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CurrencyInfo {
    pub code: String,
    pub minor_units: u8,
}

/// `POST /vendor/prices`: a price from a day on (today or later; the past stays as it was).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPriceRequest {
    pub product_id: String,
    pub licence_type: LicenceType,
    pub term: Term,
    pub kind: PriceKind,
    pub currency: String,
    /// Per seat and term, in minor units of `currency` (0 to 1,000,000,000,000).
    pub amount_minor: i64,
    /// `YYYY-MM-DD`, today or later.
    pub effective_from: String,
}
