"""Reading how a project is run: docker-compose services and dotenv variables."""
