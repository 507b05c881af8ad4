using Daas.Deploy;
using Daas.Deploy.Runtime;
using Daas.Deploy.Swarm;
using Docker.DotNet.Models;

namespace Daas.Tests.Deploy.Swarm;

public sealed class ServiceMappingTests
{
    [Fact]
    public void StatusOf_AllReplicasRunning_RunningWithEveryTasksAddress()
    {
        var status = ServiceMapping.StatusOf(Service(3), [Task(TaskState.Running, "10.0.1.2"), Task(TaskState.Running, "10.0.1.3"), Task(TaskState.Running, "10.0.1.4")], "daas");

        Assert.Equal(InstanceState.Running, status.State);
        Assert.Equal(["10.0.1.2", "10.0.1.3", "10.0.1.4"], status.Addresses);
        Assert.Equal(0, status.RestartCount);
    }

    [Fact]
    public void StatusOf_SomeTasksStillStarting_Created()
    {
        var status = ServiceMapping.StatusOf(Service(3), [Task(TaskState.Running, "10.0.1.2"), Task(TaskState.Preparing, null), Task(TaskState.Pending, null)], "daas");

        Assert.Equal(InstanceState.Created, status.State);
        Assert.Equal(["10.0.1.2"], status.Addresses);
    }

    [Fact]
    public void StatusOf_ATaskFailedOrWasRejected_RestartingWithItsError()
    {
        var rejected = Task(TaskState.Rejected, null, err: "No such image: reg/shop@sha256:abc");

        var status = ServiceMapping.StatusOf(Service(2), [Task(TaskState.Running, "10.0.1.2"), rejected], "daas");

        Assert.Equal(InstanceState.Restarting, status.State);
        Assert.Equal(1, status.RestartCount);
        Assert.Equal("a task rejected: No such image: reg/shop@sha256:abc", status.Error);
    }

    [Fact]
    public void StatusOf_ScaledToZero_Exited()
    {
        Assert.Equal(InstanceState.Exited, ServiceMapping.StatusOf(Service(0), [], "daas").State);
    }

    [Fact]
    public void InstanceOf_RunningTasks_EndpointsAtTheLabelledPortAndNotThoseShuttingDown()
    {
        var leaving = Task(TaskState.Running, "10.0.1.9");
        leaving.DesiredState = TaskState.Shutdown;

        var instance = ServiceMapping.InstanceOf(Service(3), [Task(TaskState.Running, "10.0.1.3"), Task(TaskState.Running, "10.0.1.2"), leaving, Task(TaskState.Failed, null)], "daas")!;

        Assert.Equal(("svc1", "shop", 7L, "cfg"), (instance.Id, instance.App, instance.ReleaseId, instance.ConfigHash));
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal([new Uri("http://10.0.1.2:5000/"), new Uri("http://10.0.1.3:5000/")], instance.Endpoints);
        Assert.Equal([new Uri("http://10.0.1.2:5000/"), new Uri("http://10.0.1.3:5000/"), new Uri("http://10.0.1.9:5000/")], instance.Alive);
    }

    [Fact]
    public void StatusOf_ATaskThatExitedWithZero_RestartingNotAWaitForTheTimeout()
    {
        var status = ServiceMapping.StatusOf(Service(1), [Task(TaskState.Complete, null)], "daas");

        Assert.Equal((InstanceState.Restarting, 1), (status.State, status.RestartCount));
    }

    [Fact]
    public void StatusOf_ATaskSwarmCannotPlace_StillStartingWithWhy()
    {
        var status = ServiceMapping.StatusOf(Service(1), [Task(TaskState.Pending, null, err: "no suitable node (scheduling constraints not satisfied on 3 nodes)")], "daas");

        Assert.Equal(InstanceState.Created, status.State);
        Assert.Equal("a task pending: no suitable node (scheduling constraints not satisfied on 3 nodes)", status.Error);
    }

    [Fact]
    public void InstanceOf_NoTaskRunningYet_RestartingNotMissing()
    {
        Assert.Equal(InstanceState.Restarting, ServiceMapping.InstanceOf(Service(1), [Task(TaskState.Starting, null)], "daas")!.State);
    }

    [Fact]
    public void InstanceOf_ServiceWithoutDaasLabels_Null()
    {
        var service = Service(1);
        service.Spec!.Labels = new Dictionary<string, string>();

        Assert.Null(ServiceMapping.InstanceOf(service, [], "daas"));
    }

    private static SwarmService Service(ulong replicas) => new()
    {
        ID = "svc1",
        Spec = new ServiceSpec
        {
            Labels = new Dictionary<string, string> { [DaasLabels.App] = "shop", [DaasLabels.Release] = "7", [DaasLabels.ConfigHash] = "cfg", [DaasLabels.Port] = "5000" },
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
        },
    };

    private static TaskResponse Task(TaskState state, string? address, string? err = null) => new()
    {
        ServiceID = "svc1",
        DesiredState = TaskState.Running,
        Status = new Docker.DotNet.Models.TaskStatus { State = state, Err = err, Timestamp = DateTime.UtcNow },
        NetworksAttachments = address is null ? [] :
        [
            new NetworkAttachment { Network = new SwarmNetwork { Spec = new NetworkSpec { Name = "ingress" } }, Addresses = ["10.255.0.5/16"] },
            new NetworkAttachment { Network = new SwarmNetwork { Spec = new NetworkSpec { Name = "daas" } }, Addresses = [$"{address}/24"] },
        ],
    };
}
