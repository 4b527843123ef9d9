/// Greets the user.
pub fn greet(name: &str) -> String {
    // TODO: localize the greeting
    format!("Hello, {name}!")
}
