# CognitoLite server image: build with the SDK, run on the smaller ASP.NET runtime image.
#   docker build -t cognitolite .
#   docker run -p 9229:9229 -v cognitolite-data:/data cognitolite

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone first, so that layer stays cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CognitoLite.Core/CognitoLite.Core.csproj src/CognitoLite.Core/
COPY src/CognitoLite.Server/CognitoLite.Server.csproj src/CognitoLite.Server/
RUN dotnet restore src/CognitoLite.Server/CognitoLite.Server.csproj
COPY src/ src/
RUN dotnet publish src/CognitoLite.Server -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# SQLite data and the development master key live in /data; the non-root user must own it.
RUN mkdir /data && chown "$APP_UID" /data
# Listen on all interfaces (the server alone defaults to localhost). The base image's ASPNETCORE_HTTP_PORTS
# is cleared so Kestrel does not warn that URLS overrides it.
ENV ASPNETCORE_URLS=http://+:9229 \
    ASPNETCORE_HTTP_PORTS="" \
    CognitoLite__DataDir=/data
VOLUME /data
EXPOSE 9229
# APP_UID is the unprivileged "app" user that the .NET base images define.
USER $APP_UID
# The runtime image has neither curl nor wget; bash's /dev/tcp is enough for one GET.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9229 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "CognitoLite.Server.dll"]
