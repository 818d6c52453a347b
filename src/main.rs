use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = tta::cli::Cli::parse();
    match tta::cli::run(cli).await {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("tta: {e:#}");
            std::process::exit(1);
        }
    }
}
