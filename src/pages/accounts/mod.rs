//! A customer account's area: users, member detail, products and seats, teams, invitations and
//! the activity log for admins; "My products" for users. The account id is in the URL.

mod activity;
mod directory;
mod import;
mod invitations;
mod member;
mod products;
mod teams;
mod users;

use activity::ActivityPage;
use directory::DirectoryPage;
use import::ImportPage;
use invitations::InvitationsPage;
use member::MemberPage;
use products::{ProductsPage, SubscriptionPage};
use crate::pages::billing::SubscriptionBillingPage;
use teams::TeamsPage;
use users::UsersPage;

use crate::text;
use crate::texts::Ns;

// The account's administration, one chunk per group of pages (each would be too big for one).
crate::area_pages! { seatwise_users, [Ns::Accounts, Ns::Software];
    Users(users_view) => UsersPage,
}
crate::area_pages! { seatwise_member, [Ns::Accounts, Ns::Software];
    Member(member_view) => MemberPage,
}
crate::area_pages! { seatwise_seats, [Ns::Accounts, Ns::Software];
    Products(account_products_view) => ProductsPage,
    Subscription(subscription_view) => SubscriptionPage,
    Billing(billing_subscription_view) => SubscriptionBillingPage,
}
crate::area_pages! { seatwise_teams, [Ns::Accounts];
    Teams(teams_view) => TeamsPage,
    Directory(directory_view) => DirectoryPage,
}
crate::area_pages! { seatwise_invitations, [Ns::Accounts];
    Invitations(invitations_view) => InvitationsPage,
}
crate::area_pages! { seatwise_import, [Ns::Accounts];
    Import(import_view) => ImportPage,
}
crate::area_pages! { seatwise_activity, [Ns::Accounts];
    Activity(activity_view) => ActivityPage,
}

/// The translated label of a role filter value.
pub(crate) fn role_options(i18n: crate::text::I18n) -> Vec<(seatwise_api::MemberRole, String)> {
    use seatwise_api::MemberRole::*;
    [PrimaryAdmin, SecondaryAdmin, User].into_iter().map(|role| (role, text::role_name(i18n, role))).collect()
}
