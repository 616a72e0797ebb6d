//! The site's HTML pages, rendered from the theme's templates.
