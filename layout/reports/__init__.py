"""What a build says about itself: report.json, build.json, the flatplan."""
