# JitDashboard container: multi-stage (SDK build -> ASP.NET runtime), non-root, no secrets in the image.
# The production project only (src/JitDashboard): the simulator and the DevHost are neither built nor shipped here.
#   docker build -t jitdashboard .
#   docker run -p 8080:8080 -e AzureAd__TenantId=... -e AzureAd__ClientId=... jitdashboard
# Settings come from the environment (Section__Key); secrets (AzureAd__ClientSecret, Database__ConnectionString)
# from the orchestrator's secret store at run time, never from build arguments.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, on the project files alone, so the layer is reused while only code changes.
COPY nuget.config Directory.Build.props Directory.Packages.props ./
COPY src/JitDashboard/JitDashboard.csproj src/JitDashboard/
RUN dotnet restore src/JitDashboard/JitDashboard.csproj
COPY src/JitDashboard/ src/JitDashboard/
COPY wwwroot-assets/ wwwroot-assets/
RUN dotnet publish src/JitDashboard/JitDashboard.csproj -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Settings: the project's appsettings.json (published with the app) plus the environment below and at run time.
# Azure mode, the production app's default and only working mode, stated anyway. Port 8080, not root's 80.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Mode=Azure \
    Database__DataDirectory=/data \
    DOTNET_RUNNING_IN_CONTAINER=true
RUN mkdir -p /data && chown app:app /data
VOLUME /data
EXPOSE 8080
# The image's built-in unprivileged user (uid 1654).
USER app
# No curl in the runtime image: bash's /dev/tcp asks /health/live for its status line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "JitDashboard.dll"]
