//! One's own desk: the home page with its task cards, signing in and out, one's account, notifications.

pub mod account;
pub mod home;
pub mod login;
pub mod notifications;
