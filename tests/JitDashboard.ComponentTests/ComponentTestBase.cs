using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace JitDashboard.ComponentTests;

/// <summary>
/// The shared bUnit setup. The context is held in a field (not inherited) and disposed asynchronously: a MudBlazor
/// service is only IAsyncDisposable, which breaks BunitContext's synchronous dispose under xunit v2.
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    // A longer wait than bUnit's default: the build machines are small and shared.
    static ComponentTestBase() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected ComponentTestBase()
    {
        Context = new BunitContext();
        Context.Services.AddMudServices();
        // The machine drawer's Verify with Azure; a test that checks it registers its own first.
        Context.Services.AddSingleton<JitDashboard.Features.Machines.IMachineVerifier>(Verifier);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected BunitContext Context { get; }

    protected Fakes.FakeMachineVerifier Verifier { get; } = new();

    /// <summary>
    /// Renders the component after a MudPopoverProvider, as the app's layout does. Derived classes register their
    /// services in their constructor: the service provider is sealed by the first render.
    /// </summary>
    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null, bool withPopoverProvider = true)
        where T : IComponent
    {
        Context.SetRendererInfo(new RendererInfo("Server", true));
        if (withPopoverProvider)
            Context.Render<MudPopoverProvider>();
        return parameters is null ? Context.Render<T>() : Context.Render<T>(parameters);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
