# The geokg API image used by docker-compose.yml (spaCy model included; nothing downloads at run time).
FROM python:3.11-slim
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir . && useradd --create-home geokg
USER geokg
EXPOSE 8000
CMD ["geokg", "serve", "--host", "0.0.0.0", "--port", "8000"]
